package dev.clusterboot.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.clusterboot.it.support.ClusterOperations;
import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.StreamClient;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-lived connections across a rolling reload, with real clients: server-sent events
 * read by the JDK's HTTP client, WebSockets (plain and STOMP) by its WebSocket client.
 * Every stream on an old worker ends cleanly soon after the worker leaves the rotation,
 * its client reconnects to a new worker, and the reload takes not much longer than one
 * without them.
 */
class StreamsIT {

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=cluster";

	private static final String WRITES = "--management.endpoint.cluster.access=unrestricted";

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = TestApp.class, names = { "STREAMS_SERVLET", "STREAMS_REACTIVE" })
	void everyStreamOnAnOldWorkerEndsCleanlyAndItsClientMovesToANewOne(TestApp app) throws Exception {
		int port = ClusterProcess.freePort();
		// Without the start-up cache, whose first reload would make it, and without the
		// slow start, whose pace is the same with or without long-lived clients: the
		// two reloads differ only in their drains.
		try (ClusterProcess cluster = ClusterProcess.startReady(app, "streams", port, 2, EXPOSE, WRITES,
				"--cluster.startup-cache.enabled=false", "--cluster.slow-start=0")) {
			// The same reload without long-lived clients, in the same cluster.
			Duration without = ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "reload", null));
			Set<Long> old = cluster.workerPids();

			List<StreamClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 6; i++) {
					clients.add(StreamClient.start(StreamClient.Kind.EVENTS, port));
				}
				for (int i = 0; i < 2; i++) {
					clients.add(StreamClient.start(StreamClient.Kind.SILENT_EVENTS, port));
					clients.add(StreamClient.start(StreamClient.Kind.WEBSOCKET, port));
					clients.add(StreamClient.start(
							(app == TestApp.STREAMS_SERVLET) ? StreamClient.Kind.STOMP : StreamClient.Kind.WEBSOCKET,
							port));
				}
				List<StreamClient> telling = clients.stream()
					.filter((client) -> client.kind() != StreamClient.Kind.SILENT_EVENTS)
					.toList();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> telling.stream().allMatch((client) -> old.contains(client.currentPid())));

				Duration with = ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "reload", null));
				Set<Long> replaced = cluster.workerPids();
				assertThat(replaced).hasSize(2).doesNotContainAnyElementsOf(old);

				// Every client is served by a new worker; a silent stream's client has
				// reconnected (its new stream says nothing until it ends).
				await().atMost(Duration.ofSeconds(30))
					.until(() -> telling.stream().allMatch((client) -> replaced.contains(client.currentPid())));
				await().atMost(Duration.ofSeconds(30))
					.until(() -> clients.stream().allMatch((client) -> !client.ended().isEmpty()));
				for (StreamClient client : clients) {
					List<StreamClient.Session> sessions = client.ended();
					assertThat(sessions).as("%s", client.kind())
						.allSatisfy((session) -> assertThat(old).contains(session.pid()));
					switch (client.kind()) {
						case EVENTS -> {
							assertThat(sessions)
								.allSatisfy((session) -> assertThat(session.ending()).isEqualTo("clean"));
							// The app's goodbye came before the end; not always last, as
							// its ticks go on until the drain ends the stream.
							assertThat(sessions.get(0).events()).contains("hello", "tick", "bye");
						}
						case SILENT_EVENTS -> assertThat(sessions).allSatisfy((session) -> {
							assertThat(session.ending()).isEqualTo("clean");
							assertThat(session.contentType()).startsWith("text/event-stream");
						});
						case WEBSOCKET, STOMP -> assertThat(sessions)
							.allSatisfy((session) -> assertThat(session.ending()).isEqualTo("close 1001"));
					}
				}
				assertThat(with).as("the reload with long-lived clients (%s) against without (%s)", with, without)
					.isLessThanOrEqualTo(without.multipliedBy(3).dividedBy(2));
				assertThat(cluster.output()).contains("Drained in").doesNotContain("cluster.drain-timeout reached");
			}
			finally {
				StreamClient.closeAll(clients);
			}
		}
	}

}
