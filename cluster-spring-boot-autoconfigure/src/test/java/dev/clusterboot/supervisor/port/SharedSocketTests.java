package dev.clusterboot.supervisor.port;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.clusterboot.contract.ListenerHandoff;
import dev.clusterboot.server.SharedListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The supervisor hands its listening socket to a worker that presents a secret it issued,
 * into the worker's own inbox, and to no one else. The worker's side is the one workers
 * run ({@link SharedListener}); this test JVM has the options a worker JVM gets.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class SharedSocketTests {

	private static final String SECRET = "issued-to-a-worker";

	@TempDir
	Path privateDirectory;

	@Test
	void aWorkerWithAnIssuedSecretGetsTheListeningSocketItself() throws IOException {
		try (SharedSocket shared = SharedSocket.open("127.0.0.1", 0, this.privateDirectory, SECRET::equals)) {
			SharedListener.configure(shared.listenerHandoff(), SECRET);
			try (ServerSocketChannel received = SharedListener.receive();
					SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", shared.port()));
					SocketChannel accepted = received.accept()) {
				assertThat(((InetSocketAddress) received.getLocalAddress()).getPort()).isEqualTo(shared.port());
				assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
			}
			// The inbox is gone once the descriptor came; only the handoff socket stays.
			assertThat(this.privateDirectory.toFile().list()).containsExactly(ListenerHandoff.SOCKET_NAME);
		}
	}

	@Test
	void anotherServersPortIsBoundWhenAWorkerFirstAsksAndSharedWithTheNext() throws IOException {
		int free;
		try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
			free = ((InetSocketAddress) probe.getLocalAddress()).getPort();
		}
		try (SharedSocket shared = SharedSocket.open("127.0.0.1", 0, this.privateDirectory, SECRET::equals)) {
			SharedListener.configure(shared.listenerHandoff(), SECRET);
			try (ServerSocketChannel first = SharedListener.receive(free, "127.0.0.1");
					ServerSocketChannel second = SharedListener.receive(free, "127.0.0.1");
					SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", free))) {
				assertThat(((InetSocketAddress) first.getLocalAddress()).getPort()).isEqualTo(free);
				// Two descriptors of one socket: either may accept the connection.
				first.configureBlocking(false);
				SocketChannel accepted = first.accept();
				if (accepted == null) {
					accepted = second.accept();
				}
				assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
				accepted.close();
				// server.port's socket is another one.
				assertThat(shared.port()).isNotEqualTo(free);
			}
			// The supervisor keeps the socket open for the next worker.
			assertThatIOException()
				.isThrownBy(() -> ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", free)));
		}
	}

	@Test
	void aPortThatCannotBeHadIsAnsweredWithWhy() throws IOException {
		try (ServerSocketChannel taken = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				SharedSocket shared = SharedSocket.open("127.0.0.1", 0, this.privateDirectory, SECRET::equals)) {
			int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
			SharedListener.configure(shared.listenerHandoff(), SECRET);
			assertThatIOException().isThrownBy(() -> SharedListener.receive(port, "127.0.0.1"))
				.withMessageContaining("of port " + port)
				.withMessageContaining("the supervisor answered: Cannot listen on port " + port);
		}
	}

	@Test
	void aPeerWithoutAnIssuedSecretIsRefused() throws IOException {
		try (SharedSocket shared = SharedSocket.open("127.0.0.1", 0, this.privateDirectory, SECRET::equals)) {
			SharedListener.configure(shared.listenerHandoff(), "guessed");
			assertThatIOException().isThrownBy(SharedListener::receive)
				.withMessageContaining("the supervisor answered: refused");
		}
	}

	@Test
	void theSupervisorConnectsToNoSocketOutsideThePrivateDirectory(@TempDir Path elsewhere) throws IOException {
		Path outside = ListenerHandoff.inbox(elsewhere.resolve(ListenerHandoff.SOCKET_NAME), 1, 1);
		try (SharedSocket shared = SharedSocket.open("127.0.0.1", 0, this.privateDirectory, SECRET::equals);
				ServerSocketChannel inbox = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			inbox.bind(UnixDomainSocketAddress.of(outside));
			assertThat(ask(shared, new ListenerHandoff.Request(SECRET, outside).line()))
				.startsWith("not an inbox in the cluster's private directory");
			// Nor by way of "..", whatever the path starts with.
			Path climbing = this.privateDirectory.resolve("..")
				.resolve(elsewhere.getFileName())
				.resolve(outside.getFileName());
			assertThat(ask(shared, new ListenerHandoff.Request(SECRET, climbing).line()))
				.startsWith("not an inbox in the cluster's private directory");
			inbox.configureBlocking(false);
			assertThat(inbox.accept()).isNull();
		}
	}

	@Test
	void aPeerThatSaysNothingIsDroppedAndTheWorkerBehindItServed() throws IOException {
		try (SharedSocket shared = SharedSocket.open("127.0.0.1", 0, this.privateDirectory, SECRET::equals);
				SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(shared.listenerHandoff()))) {
			SharedListener.configure(shared.listenerHandoff(), SECRET);
			try (ServerSocketChannel received = SharedListener.receive()) {
				assertThat(received.isOpen()).isTrue();
			}
			// The supervisor gave up on the silent peer and closed its connection.
			assertThat(silent.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
	}

	@Test
	void aMalformedRequestIsClosedAndTheNextWorkerIsServed() throws IOException {
		try (SharedSocket shared = SharedSocket.open("127.0.0.1", 0, this.privateDirectory, SECRET::equals)) {
			assertThatIOException().isThrownBy(() -> ask(shared, "x".repeat(4096)));
			SharedListener.configure(shared.listenerHandoff(), SECRET);
			try (ServerSocketChannel received = SharedListener.receive()) {
				assertThat(received.isOpen()).isTrue();
			}
		}
	}

	private static String ask(SharedSocket shared, String line) throws IOException {
		try (SocketChannel peer = SocketChannel.open(UnixDomainSocketAddress.of(shared.listenerHandoff()))) {
			ListenerHandoff.writeLine(peer, line);
			return ListenerHandoff.readLine(peer, Duration.ofSeconds(10));
		}
	}

}
