package dev.clusterboot.server;

import java.io.IOException;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.WebServer;
import org.springframework.http.server.reactive.HttpHandler;

import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.server.jetty.JettyPortSharing;
import dev.clusterboot.server.netty.NettyPortSharing;
import dev.clusterboot.server.tomcat.TomcatPortSharing;
import dev.clusterboot.testsupport.Http2Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real servers with cleartext HTTP/2, as Spring Boot builds them with
 * {@code server.http2.enabled}: an HTTP/2 connection open when the worker leaves gets a
 * GOAWAY, so that its client opens its next streams elsewhere.
 */
class Http2GoAwayTests {

	@Test
	void tomcatSendsAGoAwayWhenItLeaves() throws IOException {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setHttp2(enabled());
		WebServer server = factory.getWebServer();
		assertGoAwayOnLeave(server, () -> TomcatPortSharing.drainingServer(() -> server));
	}

	@Test
	void jettySendsAGoAwayWhenItLeaves() throws IOException {
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory(0);
		factory.setHttp2(enabled());
		WebServer server = factory.getWebServer();
		assertGoAwayOnLeave(server, () -> JettyPortSharing.drainingServer(() -> server));
	}

	@Test
	void reactorNettySendsAGoAwayWhenItLeaves() throws IOException {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
		factory.setHttp2(enabled());
		NettyPortSharing.Listener listener = new NettyPortSharing.Listener();
		factory.addServerCustomizers(listener);
		HttpHandler handler = (request, response) -> response.setComplete();
		WebServer server = factory.getWebServer(handler);
		assertGoAwayOnLeave(server, () -> listener);
	}

	private static void assertGoAwayOnLeave(WebServer server, Supplier<DrainingServer> drain) throws IOException {
		server.start();
		try (Http2Connection connection = Http2Connection.open(server.getPort())) {
			assertThat(connection.awaitGoAway(200)).as("a GOAWAY before the server leaves").isFalse();
			assertThat(drain.get().leave()).isTrue();
			assertThat(connection.awaitGoAway(5000)).as("a GOAWAY once it leaves").isTrue();
		}
		finally {
			server.stop();
		}
	}

	private static Http2 enabled() {
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		return http2;
	}

}
