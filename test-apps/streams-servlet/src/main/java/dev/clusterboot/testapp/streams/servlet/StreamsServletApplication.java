package dev.clusterboot.testapp.streams.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.clusterboot.drain.WorkerDrainEvent;

/**
 * A Spring MVC app with the long-lived connections real apps have, written as their
 * guides write them: server-sent events from an {@link SseEmitter} (a hello with the
 * worker's pid, then a tick every 500 ms, and a goodbye when the worker drains), a plain
 * WebSocket echo handler, and a STOMP endpoint with a simple broker.
 */
@SpringBootApplication
@EnableScheduling
public class StreamsServletApplication {

	static final long PID = ProcessHandle.current().pid();

	public static void main(String[] args) {
		SpringApplication.run(StreamsServletApplication.class, args);
	}

	/**
	 * {@code GET /events}: a hello, ticks, and a goodbye; {@code ?silent=true}: a stream
	 * that sends nothing, as a chat with no message yet. The pid is also in
	 * {@code X-Pid}.
	 */
	@RestController
	static class Events {

		private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();

		@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		ResponseEntity<SseEmitter> events(@RequestParam(defaultValue = "false") boolean silent) throws IOException {
			SseEmitter emitter = new SseEmitter(Duration.ofMinutes(10).toMillis());
			if (!silent) {
				emitter.send(SseEmitter.event().name("hello").data(PID));
				this.emitters.add(emitter);
				emitter.onCompletion(() -> this.emitters.remove(emitter));
				emitter.onError((ex) -> this.emitters.remove(emitter));
			}
			return ResponseEntity.ok().header("X-Pid", Long.toString(PID)).body(emitter);
		}

		@Scheduled(fixedRate = 500)
		void tick() {
			sendToAll(SseEmitter.event().name("tick").data(System.currentTimeMillis()));
		}

		/** The app's own goodbye, before the starter ends the streams. */
		@EventListener
		void goodbye(WorkerDrainEvent event) {
			sendToAll(SseEmitter.event().name("bye").data(PID));
		}

		private void sendToAll(SseEmitter.SseEventBuilder event) {
			for (SseEmitter emitter : this.emitters) {
				try {
					emitter.send(event);
				}
				catch (IOException | IllegalStateException ex) {
					this.emitters.remove(emitter);
				}
			}
		}

	}

	/** {@code /echo}: says the pid, then echoes each message. */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class Echo extends TextWebSocketHandler implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(this, "/echo");
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws IOException {
			session.sendMessage(new TextMessage("pid " + PID));
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			session.sendMessage(message);
		}

	}

	/**
	 * {@code /stomp}: a simple broker; {@code /app/whoami} answers on
	 * {@code /topic/whoami}.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class Stomp implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
			// A client subscribes, then asks: kept in order, or another inbound thread
			// may publish the answer before the subscription exists.
			registry.setPreserveReceiveOrder(true);
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
			registry.setApplicationDestinationPrefixes("/app");
		}

	}

	@Controller
	static class WhoAmI {

		@MessageMapping("/whoami")
		@SendTo("/topic/whoami")
		String whoami() {
			return "pid " + PID;
		}

	}

}
