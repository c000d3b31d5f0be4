package dev.clusterboot.drain.reactive;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;

import dev.clusterboot.drain.Streams;

/**
 * The WebSocket sessions of a reactive app, for the drain, which closes them with 1001
 * (going away): a client then reconnects, to another worker. Every WebSocket of a WebFlux
 * app is served through a {@link WebSocketHandlerAdapter}; each is replaced by one whose
 * service notes the sessions of every handler.
 */
public class ReactiveWebSockets implements Streams, BeanPostProcessor {

	/** Each open session, and whether it was asked to close. */
	private final Map<WebSocketSession, Boolean> sessions = new ConcurrentHashMap<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof WebSocketHandlerAdapter adapter && !(adapter.getWebSocketService() instanceof Noting)) {
			WebSocketHandlerAdapter noting = new WebSocketHandlerAdapter(new Noting(adapter.getWebSocketService()));
			noting.setOrder(adapter.getOrder());
			return noting;
		}
		return bean;
	}

	@Override
	public void end() {
		for (WebSocketSession session : this.sessions.keySet()) {
			if (this.sessions.replace(session, false, true)) {
				session.close(CloseStatus.GOING_AWAY).onErrorComplete().subscribe();
			}
		}
	}

	@Override
	public int open() {
		return this.sessions.size();
	}

	/** A service that notes the sessions of the handlers it serves. */
	private final class Noting implements WebSocketService {

		private final WebSocketService delegate;

		Noting(WebSocketService delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
			return this.delegate.handleRequest(exchange, new WebSocketHandler() {

				@Override
				public List<String> getSubProtocols() {
					return handler.getSubProtocols();
				}

				@Override
				public Mono<Void> handle(WebSocketSession session) {
					ReactiveWebSockets.this.sessions.put(session, false);
					return handler.handle(session)
						.doFinally((signal) -> ReactiveWebSockets.this.sessions.remove(session));
				}

			});
		}

	}

}
