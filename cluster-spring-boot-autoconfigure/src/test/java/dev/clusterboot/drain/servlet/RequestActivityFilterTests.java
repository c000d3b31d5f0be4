package dev.clusterboot.drain.servlet;

import jakarta.servlet.AsyncContext;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.clusterboot.drain.DrainState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A request is in flight from the filter until its response is complete, an asynchronous
 * one's too; the filter adds no header, draining or not.
 */
class RequestActivityFilterTests {

	private final DrainState state = new DrainState();

	private final RequestActivityFilter filter = new RequestActivityFilter(this.state);

	@Test
	void aRequestIsInFlightWhileTheChainRuns() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.state.startDraining();
		this.filter.doFilter(new MockHttpServletRequest(), response,
				(request, ignored) -> assertThat(this.state.inFlight()).isOne());
		assertThat(this.state.inFlight()).isZero();
		assertThat(response.getHeader("Connection")).isNull();
	}

	@Test
	void anAsynchronousRequestIsInFlightUntilItCompletes() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAsyncSupported(true);
		long before = this.state.lastActivityNanos();
		this.filter.doFilter(request, new MockHttpServletResponse(), (started, response) -> started.startAsync());
		assertThat(this.state.inFlight()).isOne();
		AsyncContext async = request.getAsyncContext();
		((MockAsyncContext) async).complete();
		assertThat(this.state.inFlight()).isZero();
		assertThat(this.state.lastActivityNanos()).isGreaterThan(before);
	}

	@Test
	void aRequestThatFailsIsNoLongerInFlight() {
		assertThatIllegalStateException().isThrownBy(() -> this.filter.doFilter(new MockHttpServletRequest(),
				new MockHttpServletResponse(), (request, response) -> {
					throw new IllegalStateException("the handler failed");
				}));
		assertThat(this.state.inFlight()).isZero();
	}

}
