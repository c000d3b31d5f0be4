package dev.clusterboot.server.jetty;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import dev.clusterboot.drain.DrainState;
import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.testsupport.KeptAliveConnection;
import dev.clusterboot.testsupport.StreamingServlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Jetty, as Spring Boot builds it, ending kept-alive connections after the limit
 * and while it drains, each with a response whose end the client can tell.
 */
class JettyDrainTests {

	private final DrainState state = new DrainState();

	private WebServer server;

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private int start(int maxKeepAliveRequests) {
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory(0);
		factory.addServerCustomizers(JettyPortSharing.connectionClose(maxKeepAliveRequests, this.state));
		this.server = factory
			.getWebServer((context) -> context.addServlet("stream", new StreamingServlet()).addMapping("/stream"));
		this.server.start();
		return this.server.getPort();
	}

	@Test
	void theLastRequestAllowedOnAConnectionEndsItChunked() throws IOException {
		int port = start(3);
		try (KeptAliveConnection connection = KeptAliveConnection.open(port)) {
			assertThat(connection.get("/stream").saysClose()).isFalse();
			assertThat(connection.get("/stream").saysClose()).isFalse();
			KeptAliveConnection.Response third = connection.get("/stream");
			assertThat(third.saysClose()).isTrue();
			assertThat(third.framing()).isEqualTo(KeptAliveConnection.Framing.CHUNKED);
			assertThat(third.body()).isEqualTo("part1part2");
			assertThat(connection.closedByServer(5000)).isTrue();
		}
	}

	@Test
	void withoutALimitOnlyTheDrainEndsConnections() throws IOException {
		int port = start(-1);
		try (KeptAliveConnection connection = KeptAliveConnection.open(port)) {
			for (int i = 0; i < 5; i++) {
				assertThat(connection.get("/stream").saysClose()).isFalse();
			}
		}
	}

	@Test
	void leavingClosesTheListenerAndEachConnectionAfterItsNextResponse() throws IOException {
		int port = start(100);
		DrainingServer drain = JettyPortSharing.drainingServer(() -> this.server);
		try (KeptAliveConnection connection = KeptAliveConnection.open(port);
				KeptAliveConnection upgrading = KeptAliveConnection.open(port)) {
			assertThat(connection.get("/stream").saysClose()).isFalse();
			await().atMost(Duration.ofSeconds(5)).until(() -> drain.openConnections() == 2);

			this.state.startDraining();
			assertThat(drain.leave()).isTrue();
			// Jetty's selector closes the listening channel on its next pass.
			await().atMost(Duration.ofSeconds(5)).until(() -> refuses(port));
			KeptAliveConnection.Response during = connection.get("/stream");
			assertThat(during.saysClose()).isTrue();
			assertThat(during.framing()).isEqualTo(KeptAliveConnection.Framing.CHUNKED);
			assertThat(during.body()).isEqualTo("part1part2");
			assertThat(connection.closedByServer(5000)).isTrue();
			// An upgrade keeps its connection: the drain ends WebSocket sessions itself.
			assertThat(upgrading.get("/stream", "Connection: Upgrade", "Upgrade: websocket").saysClose()).isFalse();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> drain.openConnections() == 0);
	}

	private static boolean refuses(int port) {
		try (KeptAliveConnection connection = KeptAliveConnection.open(port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
