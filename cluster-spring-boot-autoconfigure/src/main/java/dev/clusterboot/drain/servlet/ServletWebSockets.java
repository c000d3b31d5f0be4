package dev.clusterboot.drain.servlet;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.clusterboot.drain.Streams;

/**
 * The WebSocket sessions of a servlet app, plain handlers and STOMP alike, for the drain,
 * which closes them with 1001 (going away): a client then reconnects, to another worker.
 * Each handler that {@code @EnableWebSocket} or {@code @EnableWebSocketMessageBroker}
 * maps is served through one that notes its sessions; SockJS endpoints are not (their
 * sessions end at Spring's shutdown).
 */
public class ServletWebSockets implements Streams, BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(ServletWebSockets.class);

	/** Each open session, and whether it was asked to close. */
	private final Map<WebSocketSession, Boolean> sessions = new ConcurrentHashMap<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractUrlHandlerMapping mapping) {
			// The mapping registered its handlers as it was initialized.
			for (Map.Entry<String, Object> entry : new LinkedHashMap<>(mapping.getHandlerMap()).entrySet()) {
				if (entry.getValue() instanceof WebSocketHttpRequestHandler handler
						&& !(handler.getWebSocketHandler() instanceof SessionNoting)) {
					WebSocketHttpRequestHandler noting = new NotingRequestHandler(
							new SessionNoting(handler.getWebSocketHandler(), this), handler.getHandshakeHandler());
					noting.setHandshakeInterceptors(handler.getHandshakeInterceptors());
					mapping.unregisterHandler(entry.getKey());
					mapping.registerHandler(entry.getKey(), noting);
					if (mapping instanceof SimpleUrlHandlerMapping simple) {
						// Its lifecycle and servlet context reach the handlers there.
						replaceIn(simple.getUrlMap(), handler, noting);
					}
				}
			}
		}
		return bean;
	}

	@SuppressWarnings("unchecked")
	private static void replaceIn(Map<String, ?> urlMap, Object handler, Object noting) {
		((Map<String, Object>) urlMap).replaceAll((path, mapped) -> (mapped == handler) ? noting : mapped);
	}

	@Override
	public void end() {
		for (WebSocketSession session : this.sessions.keySet()) {
			// Once each: closing may call back, and remove it, on this thread.
			if (this.sessions.replace(session, false, true)) {
				close(session);
			}
		}
	}

	@Override
	public int open() {
		return this.sessions.size();
	}

	private static void close(WebSocketSession session) {
		try {
			session.close(CloseStatus.GOING_AWAY);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close WebSocket session " + session.getId() + ": " + ex.getMessage());
		}
	}

	/** The handler Spring MVC decorated already, noting each session. */
	private static final class SessionNoting extends WebSocketHandlerDecorator {

		private final ServletWebSockets sessions;

		SessionNoting(WebSocketHandler delegate, ServletWebSockets sessions) {
			super(delegate);
			this.sessions = sessions;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			this.sessions.sessions.put(session, false);
			super.afterConnectionEstablished(session);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
			this.sessions.sessions.remove(session);
			super.afterConnectionClosed(session, closeStatus);
		}

	}

	/**
	 * Serves through the given handler as it is: it is the decorated handler of the one
	 * it replaces, noting sessions.
	 */
	private static final class NotingRequestHandler extends WebSocketHttpRequestHandler {

		NotingRequestHandler(WebSocketHandler handler, HandshakeHandler handshakeHandler) {
			super(handler, handshakeHandler);
		}

		@Override
		protected WebSocketHandler decorate(WebSocketHandler handler) {
			return handler;
		}

	}

}
