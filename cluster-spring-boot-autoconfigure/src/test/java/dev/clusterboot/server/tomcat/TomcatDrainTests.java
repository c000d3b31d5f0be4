package dev.clusterboot.server.tomcat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.testsupport.KeptAliveConnection;
import dev.clusterboot.testsupport.StreamingServlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real Tomcat, as Spring Boot builds it, leaving: its listener closes, and the next
 * response on a kept-alive connection ends it, chunked.
 */
class TomcatDrainTests {

	private WebServer server;

	@BeforeEach
	void start() {
		this.server = new TomcatServletWebServerFactory(0)
			.getWebServer((context) -> context.addServlet("stream", new StreamingServlet()).addMapping("/stream"));
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void leavingClosesTheListenerAndEachConnectionAfterItsNextResponse() throws IOException {
		DrainingServer drain = TomcatPortSharing.drainingServer(() -> this.server);
		int port = this.server.getPort();
		try (KeptAliveConnection connection = KeptAliveConnection.open(port)) {
			KeptAliveConnection.Response before = connection.get("/stream");
			assertThat(before.framing()).isEqualTo(KeptAliveConnection.Framing.CHUNKED);
			assertThat(before.saysClose()).isFalse();
			assertThat(drain.openConnections()).isOne();

			assertThat(drain.leave()).isTrue();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> KeptAliveConnection.open(port));
			KeptAliveConnection.Response during = connection.get("/stream");
			assertThat(during.saysClose()).isTrue();
			assertThat(during.framing()).isEqualTo(KeptAliveConnection.Framing.CHUNKED);
			assertThat(during.body()).isEqualTo("part1part2");
			assertThat(connection.closedByServer(5000)).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> drain.openConnections() == 0);
		}
	}

	@Test
	void aServerThatIsNotTomcatIsNotLeft() {
		DrainingServer drain = TomcatPortSharing.drainingServer(() -> null);
		assertThat(drain.leave()).isFalse();
		assertThat(drain.openConnections()).isZero();
	}

}
