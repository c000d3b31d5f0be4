package dev.clusterboot.server.rsocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketConnector;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.DefaultPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.rsocket.netty.NettyRSocketServerFactory;
import org.springframework.boot.rsocket.server.RSocketServer;

import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.server.SharedListener;
import dev.clusterboot.supervisor.port.SharedPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real RSocket servers, built by Spring Boot's factory as its auto-configuration builds
 * them, on one port: two that bind with SO_REUSEPORT, and one that accepts from a socket
 * a real supervisor shares. A real RSocket client asks each who it is.
 */
class RSocketPortSharingTests {

	private static final String SECRET = "issued-to-a-worker";

	@Test
	void underReusePortTwoServersListenOnOnePortAndBothAnswer() throws IOException {
		int port = freePort();
		RSocketPortSharing first = new RSocketPortSharing(PortSharing.REUSEPORT, port, null);
		RSocketPortSharing second = new RSocketPortSharing(PortSharing.REUSEPORT, port, null);
		RSocketServer a = start(first, port, "a");
		RSocketServer b = start(second, port, "b");
		try {
			Set<String> answers = new HashSet<>();
			// The kernel spreads new connections by a hash of each: a few connections
			// reach both.
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				answers.add(ask(port));
				return answers.size() == 2;
			});
			assertThat(answers).containsExactlyInAnyOrder("a", "b");
		}
		finally {
			a.stop();
			b.stop();
			first.destroy();
			second.destroy();
		}
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
	void underTheSharedSocketTheServerAcceptsFromTheSupervisorsSocket(@TempDir Path privateDirectory)
			throws IOException {
		int port = freePort();
		try (SharedPort supervisor = SharedPort.open(PortSharing.SHARED_SOCKET, "127.0.0.1", 0, privateDirectory,
				SECRET::equals)) {
			SharedListener.configure(supervisor.listenerHandoff(), SECRET);
			RSocketPortSharing sharing = new RSocketPortSharing(PortSharing.SHARED_SOCKET, port, null);
			RSocketServer server = start(sharing, port, "shared");
			try {
				assertThat(server.address().getPort()).isEqualTo(port);
				assertThat(ask(port)).isEqualTo("shared");
			}
			finally {
				server.stop();
				sharing.destroy();
			}
		}
	}

	@Test
	void behindTheProxyTheFactoryIsLeftAsItIs() {
		NettyRSocketServerFactory factory = new NettyRSocketServerFactory();
		RSocketPortSharing proxy = new RSocketPortSharing(PortSharing.PROXY, 7000, null);
		assertThat(proxy.postProcessBeforeInitialization(factory, "rSocketServerFactory")).isSameAs(factory);
		assertThat(factory).extracting("resourceFactory").isNull();
	}

	private static RSocketServer start(RSocketPortSharing sharing, int port, String answer) {
		NettyRSocketServerFactory factory = new NettyRSocketServerFactory();
		factory.setPort(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		sharing.postProcessBeforeInitialization(factory, "rSocketServerFactory");
		RSocketServer server = factory
			.create(SocketAcceptor.forRequestResponse((payload) -> Mono.just(DefaultPayload.create(answer))));
		server.start();
		return server;
	}

	private static String ask(int port) {
		RSocket client = RSocketConnector
			.connectWith(TcpClientTransport.create(new InetSocketAddress("127.0.0.1", port)))
			.block(Duration.ofSeconds(5));
		try {
			return client.requestResponse(DefaultPayload.create("who"))
				.map((payload) -> payload.getDataUtf8())
				.block(Duration.ofSeconds(5));
		}
		finally {
			client.dispose();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
