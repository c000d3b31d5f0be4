package dev.clusterboot.drain.reactive;

import java.util.concurrent.atomic.AtomicInteger;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.clusterboot.drain.DrainState;
import dev.clusterboot.drain.Streams;

/**
 * A reactive app's part in the drain. It counts the requests in flight; it says
 * {@code Connection: close} on each response while the worker drains, on Reactor Netty,
 * which still chunks a body of unknown length then (Tomcat and Jetty workers say it in
 * their connectors, framed as well); and it ends streamed bodies, those Spring writes
 * element by element and flushes after each (server-sent events, NDJSON): the body ends
 * after the element in flight, and the chunked response with it, so that an
 * {@code EventSource} reconnects at once.
 */
public class ReactiveDrainFilter implements WebFilter, Ordered, Streams {

	private final DrainState state;

	/** Completes the streamed bodies, open and to come, once the drain ends them. */
	private final Sinks.One<Boolean> ended = Sinks.one();

	private final AtomicInteger streaming = new AtomicInteger();

	public ReactiveDrainFilter(DrainState state) {
		this.state = state;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		this.state.requestBegan();
		// An upgrade (WebSocket) keeps its connection.
		if (this.state.isDraining() && !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.UPGRADE)
				&& isReactorNetty(exchange.getResponse())) {
			exchange.getResponse().getHeaders().set("Connection", "close");
		}
		ServerWebExchange ending = exchange.mutate().response(new EndingStreams(exchange.getResponse())).build();
		return chain.filter(ending).doFinally((signal) -> this.state.requestEnded());
	}

	private static boolean isReactorNetty(ServerHttpResponse response) {
		try {
			return ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	public void end() {
		this.ended.tryEmitValue(Boolean.TRUE);
	}

	@Override
	public int open() {
		return this.streaming.get();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** Ends a streamed body between two of its elements when the drain says so. */
	private final class EndingStreams extends ServerHttpResponseDecorator {

		EndingStreams(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			Flux<? extends Publisher<? extends DataBuffer>> ending = Flux.from(body)
				.takeUntilOther(ReactiveDrainFilter.this.ended.asMono())
				.doOnSubscribe((subscription) -> ReactiveDrainFilter.this.streaming.incrementAndGet())
				.doFinally((signal) -> ReactiveDrainFilter.this.streaming.decrementAndGet());
			return super.writeAndFlushWith(ending);
		}

	}

}
