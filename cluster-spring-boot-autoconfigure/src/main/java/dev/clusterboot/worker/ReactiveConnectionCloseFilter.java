package dev.clusterboot.worker;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds {@code Connection: close} to every response of a reactive app while the worker
 * drains; Reactor Netty (and Tomcat or Jetty under WebFlux) then close the connection
 * after the response.
 */
public class ReactiveConnectionCloseFilter implements WebFilter, Ordered {

	private final Draining draining;

	public ReactiveConnectionCloseFilter(Draining draining) {
		this.draining = draining;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.draining.isDraining()) {
			exchange.getResponse().getHeaders().set("Connection", "close");
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
