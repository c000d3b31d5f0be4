package dev.clusterboot.server.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import dev.clusterboot.drain.DrainState;
import dev.clusterboot.drain.reactive.ReactiveDrainFilter;
import dev.clusterboot.testsupport.KeptAliveConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real Reactor Netty server with the reactive drain filter, leaving: the listener
 * closes, a server-sent event stream ends after its event in flight, and the next
 * response on a kept-alive connection ends it, chunked.
 */
class NettyDrainTests {

	private final DrainState state = new DrainState();

	private final ReactiveDrainFilter filter = new ReactiveDrainFilter(this.state);

	private final NettyPortSharing.Listener listener = new NettyPortSharing.Listener();

	private WebServer server;

	@BeforeEach
	void start() {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
		factory.addServerCustomizers(this.listener);
		this.server = factory.getWebServer(WebHttpHandlerBuilder.webHandler((exchange) -> {
			ServerHttpResponse response = exchange.getResponse();
			if (exchange.getRequest().getPath().value().equals("/events")) {
				response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
				return response.writeAndFlushWith(Flux.interval(Duration.ofMillis(50))
					.map((tick) -> Mono.just(buffer("data: " + tick + "\n\n"))));
			}
			return response.writeWith(Flux.just(buffer("part1"), buffer("part2")));
		}).filter(this.filter).build());
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void leavingClosesTheListenerEndsTheStreamsAndEachConnectionAfterItsNextResponse() throws Exception {
		int port = this.server.getPort();
		try (KeptAliveConnection connection = KeptAliveConnection.open(port);
				KeptAliveConnection events = KeptAliveConnection.open(port)) {
			assertThat(connection.get("/stream").saysClose()).isFalse();
			CompletableFuture<KeptAliveConnection.Response> stream = CompletableFuture.supplyAsync(() -> {
				try {
					return events.get("/events");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			await().atMost(Duration.ofSeconds(5)).until(() -> this.filter.open() == 1);
			assertThat(this.listener.openConnections()).isEqualTo(2);
			assertThat(this.state.inFlight()).isOne();

			this.state.startDraining();
			assertThat(this.listener.leave()).isTrue();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> KeptAliveConnection.open(port));
			this.filter.end();
			KeptAliveConnection.Response ended = stream.get(5, TimeUnit.SECONDS);
			assertThat(ended.framing()).isEqualTo(KeptAliveConnection.Framing.CHUNKED);
			assertThat(ended.body()).startsWith("data: 0\n\n");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.filter.open() == 0 && this.state.inFlight() == 0);

			KeptAliveConnection.Response during = connection.get("/stream");
			assertThat(during.saysClose()).isTrue();
			assertThat(during.framing()).isEqualTo(KeptAliveConnection.Framing.CHUNKED);
			assertThat(during.body()).isEqualTo("part1part2");
			assertThat(connection.closedByServer(5000)).isTrue();
			// A stream that begins now ends at once, with its headers.
			KeptAliveConnection.Response late = events.get("/events");
			assertThat(late.status()).isEqualTo(200);
			assertThat(late.lowerCaseHeaders()).contains("text/event-stream");
			assertThat(late.body()).isEmpty();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.listener.openConnections() == 0);
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
