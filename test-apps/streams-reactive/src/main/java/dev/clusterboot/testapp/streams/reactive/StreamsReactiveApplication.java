package dev.clusterboot.testapp.streams.reactive;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

import dev.clusterboot.drain.WorkerDrainEvent;

/**
 * A WebFlux app with the long-lived connections real apps have, written as their guides
 * write them: server-sent events from a {@code Flux} (a hello with the worker's pid, then
 * a tick every 500 ms, and a goodbye when the worker drains), and a WebSocket echo
 * handler.
 */
@SpringBootApplication
@RestController
public class StreamsReactiveApplication {

	static final long PID = ProcessHandle.current().pid();

	private final Sinks.Many<ServerSentEvent<String>> goodbyes = Sinks.many().multicast().directBestEffort();

	public static void main(String[] args) {
		SpringApplication.run(StreamsReactiveApplication.class, args);
	}

	/**
	 * {@code GET /events}: a hello, ticks, and a goodbye; {@code ?silent=true}: a stream
	 * that sends nothing, as a chat with no message yet. The pid is also in
	 * {@code X-Pid}.
	 */
	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> events(@RequestParam(defaultValue = "false") boolean silent,
			ServerHttpResponse response) {
		response.getHeaders().set("X-Pid", Long.toString(PID));
		if (silent) {
			return Flux.never();
		}
		Flux<ServerSentEvent<String>> ticks = Flux.interval(Duration.ofMillis(500))
			.map((tick) -> ServerSentEvent.builder(Long.toString(System.currentTimeMillis())).event("tick").build());
		return Flux.concat(Flux.just(ServerSentEvent.builder(Long.toString(PID)).event("hello").build()),
				Flux.merge(ticks, this.goodbyes.asFlux()));
	}

	/** The app's own goodbye, before the starter ends the streams. */
	@EventListener
	void goodbye(WorkerDrainEvent event) {
		this.goodbyes.tryEmitNext(ServerSentEvent.builder(Long.toString(PID)).event("bye").build());
	}

	/** {@code /echo}: says the pid, then echoes each message. */
	@Bean
	HandlerMapping webSockets() {
		WebSocketHandler echo = (session) -> session.send(Flux.just(session.textMessage("pid " + PID))
			.concatWith(session.receive().map((message) -> session.textMessage(message.getPayloadAsText()))));
		return new SimpleUrlHandlerMapping(Map.of("/echo", echo), -1);
	}

}
