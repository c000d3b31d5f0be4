package dev.clusterboot.channel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.contract.WorkerStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The channel over real Unix domain sockets: only a peer with the secret gets through,
 * and bad input never reaches the supervisor.
 */
class ChannelServerTests {

	private final RecordingListener listener = new RecordingListener();

	private final List<String> events = this.listener.events;

	private ChannelServer server;

	@BeforeEach
	void open() throws IOException {
		this.server = ChannelServer.open(this.listener);
	}

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void theDirectoryIsPrivateToTheUser() throws IOException {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.server.socketPath().getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void aWorkerWithTheSecretIsHeardBothWays() throws IOException {
		List<ToWorker> toWorker = new CopyOnWriteArrayList<>();
		try (ChannelClient client = ChannelClient.connect(this.server.socketPath(), this.server.tickets().issue(3), 3,
				toWorker::add, () -> {
				})) {
			client.send(new ToSupervisor.Online(42, 8080, null));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.contains("received Online 8080"));
			ChannelPeer connection = this.listener.connections.get(0);
			assertThat(connection.instance()).isEqualTo(3);
			assertThat(connection.pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(connection.send(new ToWorker.Shutdown())).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> !toWorker.isEmpty());
			assertThat(toWorker.get(0)).isInstanceOf(ToWorker.Shutdown.class);
		}
	}

	@Test
	void aPeerWithoutTheSecretIsRejected() throws IOException {
		try (SocketChannel peer = connect()) {
			send(peer, "{\"type\":\"hello\",\"secret\":\"guess\",\"instance\":0,\"pid\":1}\n");
			assertClosedByServer(peer);
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void aMalformedFirstLineIsRejected() throws IOException {
		try (SocketChannel peer = connect()) {
			send(peer, "this is not json\n");
			assertClosedByServer(peer);
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void aPeerThatSaysNothingIsDisconnected() throws IOException {
		this.server.close();
		this.server = ChannelServer.open(this.listener, Duration.ofMillis(300), 16, 64);
		try (SocketChannel peer = connect()) {
			assertClosedByServer(peer);
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void aTrustedPeerMaySendLongLines() throws IOException {
		String longArgument = "x".repeat(MessageStream.UNTRUSTED_LINE_BYTES * 4);
		try (ChannelClient client = ChannelClient.connect(this.server.socketPath(), this.server.tickets().issue(0), 0,
				(m) -> {
				}, () -> {
				})) {
			client.send(new ToSupervisor.StartFailed(longArgument));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.listener.received.stream()
					.anyMatch((m) -> m instanceof ToSupervisor.StartFailed failed
							&& longArgument.equals(failed.explanation())));
		}
	}

	@Test
	void aWorkerThatStopsReadingFillsItsOutboxAndFurtherMessagesAreRefusedNotWaitedFor() throws IOException {
		this.server.close();
		this.server = ChannelServer.open(this.listener, Duration.ofSeconds(5), 16, 64);
		try (SocketChannel peer = connect()) {
			send(peer, "{\"type\":\"hello\",\"secret\":\"" + this.server.tickets().issue(0)
					+ "\",\"instance\":0,\"pid\":1}\n");
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.listener.connections.isEmpty());
			ChannelPeer connection = this.listener.connections.get(0);
			// The peer never reads: the socket's buffers fill, then the outbox.
			ToWorker message = new ToWorker.Delivery("topic", "\"" + "x".repeat(4096) + "\"", "java.lang.String", 1);
			int refused = 0;
			for (int i = 0; i < 10_000 && refused == 0; i++) {
				if (!connection.send(message)) {
					refused++;
				}
			}
			assertThat(refused).isOne();
		}
	}

	@Test
	void anOverlongLineIsRejectedWithoutBufferingIt() throws IOException {
		try (SocketChannel peer = connect()) {
			byte[] line = new byte[MessageStream.UNTRUSTED_LINE_BYTES + 10];
			java.util.Arrays.fill(line, (byte) 'x');
			try {
				peer.write(ByteBuffer.wrap(line));
			}
			catch (IOException ex) {
				// The server may close before the whole line is written.
			}
			assertClosedByServer(peer);
		}
		assertThat(this.events).isEmpty();
	}

	@Test
	void aMalformedMessageAfterTheHelloDropsOnlyThatConnection() throws IOException {
		try (SocketChannel peer = connect();
				ChannelClient good = ChannelClient.connect(this.server.socketPath(), this.server.tickets().issue(1), 1,
						(message) -> {
						}, () -> {
						})) {
			send(peer, "{\"type\":\"hello\",\"secret\":\"" + this.server.tickets().issue(0)
					+ "\",\"instance\":0,\"pid\":7}\n");
			send(peer, "{\"type\":\"NO_SUCH_TYPE\"}\n");
			assertClosedByServer(peer);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.contains("disconnected 0"));
			good.send(new ToSupervisor.Online(1, 9000, null));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.contains("received Online 9000"));
		}
	}

	@Test
	void aMessageForTheOtherDirectionDropsTheConnection() throws IOException {
		try (SocketChannel peer = connect()) {
			send(peer, "{\"type\":\"hello\",\"secret\":\"" + this.server.tickets().issue(0)
					+ "\",\"instance\":0,\"pid\":7}\n");
			// What only the supervisor may say, said by a worker.
			send(peer, "{\"type\":\"shutdown\"}\n");
			assertClosedByServer(peer);
		}
		assertThat(this.listener.received).isEmpty();
	}

	@Test
	void typedAnswersArriveAsTheyWereSent() throws IOException {
		List<ToWorker> toWorker = new CopyOnWriteArrayList<>();
		try (ChannelClient client = ChannelClient.connect(this.server.socketPath(), this.server.tickets().issue(0), 0,
				toWorker::add, () -> {
				})) {
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.listener.connections.isEmpty());
			OperationReport report = new OperationReport("ab12cd34", "reload", OperationReport.Progress.RUNNING,
					"reloading 2 worker(s)", Instant.parse("2026-11-25T10:00:00.123Z"), null);
			List<ToWorker> sent = List.of(new ToWorker.OperationAnswer("q1", new OperationOutcome.Accepted(report)),
					new ToWorker.OperationAnswer("q2", new OperationOutcome.Busy("A reload is running", report)),
					new ToWorker.StatusAnswer("q3",
							new ClusterStatus("shared-socket", 8080, new ClusterStatus.Instances(1, 1), report,
									List.of(new WorkerStatus(0, 42L, WorkerState.ONLINE, 3, 0, 1.5, 1000L, "app.jar",
											null)))),
					new ToWorker.ScrapeShareQuery("q4", ScrapeFormat.OPENMETRICS_TEXT, List.of("jvm_threads")));
			sent.forEach(this.listener.connections.get(0)::send);
			await().atMost(Duration.ofSeconds(5)).until(() -> toWorker.size() == sent.size());
			assertThat(toWorker).isEqualTo(sent);
		}
	}

	@Test
	void theSecretIsNeverPrinted() {
		assertThat(new ChannelMessage.Hello("s3cr3t", 1, 2).toString()).doesNotContain("s3cr3t");
	}

	private SocketChannel connect() throws IOException {
		SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX);
		peer.connect(UnixDomainSocketAddress.of(this.server.socketPath()));
		return peer;
	}

	private static void send(SocketChannel peer, String text) throws IOException {
		peer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static void assertClosedByServer(SocketChannel peer) {
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			try {
				return peer.read(ByteBuffer.allocate(16)) == -1;
			}
			catch (IOException ex) {
				return true;
			}
		});
	}

}
