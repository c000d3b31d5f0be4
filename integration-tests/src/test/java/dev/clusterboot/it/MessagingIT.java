package dev.clusterboot.it;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.testsupport.Exposition;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster messaging between the workers of a real cluster. Each worker of the test app
 * logs what it receives; the supervisor's output, where each line names its worker, tells
 * who got what. Delivery to a worker is in order, so once a later marker message has
 * reached every worker, an earlier message that has not arrived, or arrived twice, never
 * will be otherwise.
 */
class MessagingIT {

	private static final Duration START = Duration.ofSeconds(90);

	private static final Duration DELIVERY = Duration.ofSeconds(20);

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=cluster,prometheus";

	/** Writes are opt-in: reload, restart, scale and broadcast are refused without it. */
	private static final String WRITES = "--management.endpoint.cluster.access=unrestricted";

	@ParameterizedTest(name = "{0} workers")
	@ValueSource(ints = { 2, 3 })
	void aBroadcastReachesEveryWorkerOnceAndASendOnlyItsTarget(int workers) throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "messaging-" + workers, port, workers,
				EXPOSE, WRITES)) {

			assertThat(post(port, "/test/broadcast?topic=greeting&text=b1").status()).isEqualTo(202);
			awaitEveryWorker(cluster, workers, "received note topic=greeting text=b1 ");
			assertThat(post(port, "/test/send?to=1&topic=direct&text=d1").status()).isEqualTo(202);
			marker(port, cluster, workers, "m1");
			for (int worker = 0; worker < workers; worker++) {
				assertThat(count(cluster, worker, "received note topic=greeting text=b1 ")).isEqualTo(1);
				assertThat(count(cluster, worker, "received note topic=direct text=d1 "))
					.isEqualTo((worker == 1) ? 1 : 0);
			}

			// From operations, through the Actuator endpoint.
			Http.Response flush = Http.post(port, "/actuator/cluster/broadcast",
					"{\"topic\":\"flush\",\"payload\":\"all\"}");
			assertThat(flush.status()).as(flush.body()).isEqualTo(202);
			awaitEveryWorker(cluster, workers, "received string topic=flush payload=all from=-1");
		}
	}

	@Test
	void oversizedAndUnreadableMessagesAreRefusedOrDroppedAndTheChannelGoesOn() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "messaging-errors", port, 2, EXPOSE,
				WRITES, "--cluster.messaging.max-size=1KB")) {

			Http.Response tooLarge = post(port, "/test/broadcast?topic=big&size=2000");
			assertThat(tooLarge.status()).isEqualTo(400);
			assertThat(tooLarge.json().get("message").asString())
				.contains("topic 'big' is 2014 bytes (its topic and its payload as JSON)")
				.contains("above cluster.messaging.max-size (1024 bytes): nothing was sent");
			Http.Response tooLargeFlush = Http.post(port, "/actuator/cluster/broadcast",
					"{\"topic\":\"flush\",\"payload\":\"" + "x".repeat(2000) + "\"}");
			assertThat(tooLargeFlush.status()).isEqualTo(400);

			assertThat(post(port, "/test/fragile?value=break").status()).isEqualTo(202);
			marker(port, cluster, 2, "m1");
			for (int worker = 0; worker < 2; worker++) {
				assertThat(count(cluster, worker, "Dropped a cluster message on topic 'fragile' from worker"))
					.isEqualTo(1);
			}
			assertThat(cluster.output()).doesNotContain("received note topic=big").doesNotContain("received fragile");
		}
	}

	@Test
	void aWorkerBlockedInItsListenerDelaysNoOtherWorker() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "messaging-blocked", port, 3, EXPOSE,
				WRITES, "--test.block-messages-instance=0", "--cluster.messaging.queue-capacity=2")) {
			post(port, "/test/broadcast?topic=block&text=b");
			await().atMost(DELIVERY).until(() -> count(cluster, 0, "blocking in the listener") == 1);

			for (int i = 1; i <= 5; i++) {
				assertThat(post(port, "/test/broadcast?topic=after&text=a" + i).status()).isEqualTo(202);
			}
			for (int worker = 1; worker < 3; worker++) {
				int other = worker;
				await().atMost(DELIVERY).until(() -> count(cluster, other, "received note topic=after text=a5 ") == 1);
			}
			assertThat(count(cluster, 0, "received note topic=after")).isZero();
			// Worker 0 queued two and dropped the rest, counted; the cluster answers as
			// usual.
			Exposition metrics = Exposition.parse(Http.get(port, "/actuator/prometheus").body());
			assertThat(metrics.value("cluster_messages_dropped_total", Map.of("queue", "delivery", "worker", "0")))
				.isEqualTo(3.0);
			assertThat(metrics.value("cluster_messages_dropped_total", Map.of("queue", "delivery", "worker", "1")))
				.isZero();
			assertThat(Http.get(port, "/actuator/cluster").status()).isEqualTo(200);
		}
	}

	private static Http.Response post(int port, String path) throws IOException {
		return Http.post(port, path, null);
	}

	/**
	 * Broadcast a marker and wait until every worker has it: what was sent before has
	 * arrived.
	 */
	private static void marker(int port, ClusterProcess cluster, int workers, String text) throws IOException {
		assertThat(post(port, "/test/broadcast?topic=marker&text=" + text).status()).isEqualTo(202);
		awaitEveryWorker(cluster, workers, "received note topic=marker text=" + text + " ");
	}

	private static void awaitEveryWorker(ClusterProcess cluster, int workers, String line) {
		await().atMost(DELIVERY).until(() -> {
			for (int worker = 0; worker < workers; worker++) {
				if (count(cluster, worker, line) < 1) {
					return false;
				}
			}
			return true;
		});
	}

	/** How many lines of the worker's output contain the text. */
	private static long count(ClusterProcess cluster, int worker, String text) {
		Matcher lines = Pattern
			.compile("^\\[worker-" + worker + "\\] .*" + Pattern.quote(text) + ".*$", Pattern.MULTILINE)
			.matcher(cluster.output());
		long count = 0;
		while (lines.find()) {
			count++;
		}
		return count;
	}

}
