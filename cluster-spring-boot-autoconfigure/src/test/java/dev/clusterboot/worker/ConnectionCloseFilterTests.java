package dev.clusterboot.worker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses say {@code Connection: close} while the worker drains, and only then.
 */
class ConnectionCloseFilterTests {

	private final Draining draining = new Draining(Duration.ZERO);

	@Test
	void servletResponsesCloseTheirConnectionOnlyWhileDraining() throws Exception {
		ServletConnectionCloseFilter filter = new ServletConnectionCloseFilter(this.draining);
		MockHttpServletResponse before = new MockHttpServletResponse();
		filter.doFilter(new MockHttpServletRequest(), before, new MockFilterChain());
		assertThat(before.getHeader("Connection")).isNull();

		this.draining.drain();
		MockHttpServletResponse during = new MockHttpServletResponse();
		filter.doFilter(new MockHttpServletRequest(), during, new MockFilterChain());
		assertThat(during.getHeader("Connection")).isEqualTo("close");
	}

	@Test
	void reactiveResponsesCloseTheirConnectionOnlyWhileDraining() {
		ReactiveConnectionCloseFilter filter = new ReactiveConnectionCloseFilter(this.draining);
		MockServerWebExchange before = MockServerWebExchange.from(MockServerHttpRequest.get("/hello"));
		filter.filter(before, (exchange) -> exchange.getResponse().setComplete()).block();
		assertThat(before.getResponse().getHeaders().getFirst("Connection")).isNull();

		this.draining.drain();
		MockServerWebExchange during = MockServerWebExchange.from(MockServerHttpRequest.get("/hello"));
		filter.filter(during, (exchange) -> exchange.getResponse().setComplete()).block();
		assertThat(during.getResponse().getHeaders().getFirst("Connection")).isEqualTo("close");
	}

}
