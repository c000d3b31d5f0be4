package dev.clusterboot.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.clusterboot.it.support.ClusterOperations;
import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.testsupport.Exposition;
import dev.clusterboot.it.support.Host;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.LoadClient;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rolling reloads, restarts and scaling through the {@code cluster} Actuator endpoint,
 * against real clusters of 2 workers under load, in the default configuration of this
 * host (the shared socket on Linux, {@code tcp_migrate_req=0}).
 */
class ReloadIT {

	private static final Duration START = Duration.ofSeconds(90);

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=cluster";

	/** Writes are opt-in: reload, restart, scale and broadcast are refused without it. */
	private static final String WRITES = "--management.endpoint.cluster.access=unrestricted";

	static Stream<Arguments> serversAndLoads() {
		return TestApp.web()
			.flatMap((app) -> Stream.of(LoadClient.Mode.values()).map((mode) -> Arguments.of(app, mode)));
	}

	/**
	 * Under kept-alive load, a quarter of the connections ask a slow page (150 ms a
	 * response) whose body has no length known ahead: the drain must wait for each
	 * kept-alive client's next request, and frame the response that ends its connection,
	 * or the client meets a closed connection, or a body it cannot tell from one cut
	 * short.
	 */
	@ParameterizedTest(name = "{0}, {1}")
	@MethodSource("serversAndLoads")
	void rollingReloadsUnderLoadLoseNoRequest(TestApp app, LoadClient.Mode mode) throws Exception {
		int port = ClusterProcess.freePort();
		// A shorter slow start than the default's 10 s: the same steps (each new worker
		// limited, the next one paced), in less of the build's time.
		try (ClusterProcess cluster = ClusterProcess.startReady(app, "reload-" + mode.name().toLowerCase(), port, 2,
				EXPOSE, WRITES, "--cluster.slow-start=1s")) {
			assertThat(cluster.output()).contains("port sharing " + Host.defaultPortSharing());
			Set<Long> before = cluster.workerPids();

			String[] paths = (mode == LoadClient.Mode.KEEP_ALIVE)
					? new String[] { "/hello", "/hello", "/hello", "/slow?ms=150" } : new String[] { "/hello" };
			try (LoadClient load = LoadClient.start(port, 32, mode, paths)) {
				// Two: the first makes the start-up cache, the second starts from it, and
				// replaces JVMs a reload started.
				ClusterOperations.reloadUnder(port, 2, load);
			}
			Set<Long> after = cluster.workerPids();
			assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
			assertThat(cluster.output()).contains("Drained in");
		}
	}

	@Test
	void aReloadWhoseNewWorkersCannotStartFailsAndTheOldWorkersServeThroughout(@TempDir Path config) throws Exception {
		Path extra = config.resolve("extra.properties");
		Files.writeString(extra, "test.fail-start=false\n");
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "reload-broken", port, 2,
				EXPOSE + ",prometheus", WRITES, "--spring.config.import=optional:file:" + extra.toAbsolutePath())) {
			Set<Long> before = cluster.workerPids();
			// A deploy that breaks start-up: the old workers read the file before it
			// changed.
			Files.writeString(extra, "test.fail-start=true\n");

			try (LoadClient load = LoadClient.start(port, 32, LoadClient.Mode.KEEP_ALIVE)) {
				await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > 300);
				String id = ClusterOperations.start(port, "reload", "{}");
				JsonNode operation = ClusterOperations.awaitFinished(port, id);
				assertThat(operation.get("outcome").asString()).isEqualTo("FAILED");
				assertThat(operation.get("detail").asString()).contains("the replacement of worker 0")
					.contains("before it was ready")
					.contains("keep running their previous JVM");
				load.close();
				assertThat(load.failed()).as("first failures: %s", load.failures()).isZero();
			}
			assertThat(cluster.workerPids()).isEqualTo(before);
			assertThat(cluster.output()).contains("a replacement, exited with code 1 before it was ready")
				.contains("(reload) FAILED after");
			// And in a metric.
			Exposition metrics = Exposition.parse(Http.get(port, "/actuator/prometheus").body());
			assertThat(metrics.value("cluster_reload_seconds", Map.of("kind", "reload", "outcome", "failed")))
				.isEqualTo(1.0);
			assertThat(metrics.value("cluster_worker_failed_starts_total", Map.of("worker", "0"))).isEqualTo(1.0);
		}
	}

	@Test
	void aSlowReplacementThatProgressesIsWaitedForAndOneThatHangsFailsTheReload(@TempDir Path config) throws Exception {
		Path extra = config.resolve("extra.properties");
		Files.writeString(extra, "test.slow-beans=0\n");
		int port = ClusterProcess.freePort();
		// Both replacements at once: what is tested is each one's wait, not the order.
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "reload-progress", port, 2, EXPOSE,
				WRITES, "--cluster.listen-timeout=6s", "--cluster.reload.max-surge=2",
				"--spring.config.import=optional:file:" + extra.toAbsolutePath())) {
			// Each replacement now takes over thirteen seconds, twice the listen timeout,
			// but makes progress all along.
			Files.writeString(extra, "test.slow-beans=13\n");
			ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "reload", null));
			Set<Long> reloaded = cluster.workerPids();

			// A replacement that hangs makes no progress: it fails the reload, the old
			// JVMs serve.
			Files.writeString(extra, "test.hang-in-bean=true\n");
			JsonNode operation = ClusterOperations.awaitFinished(port, ClusterOperations.start(port, "reload", null));
			assertThat(operation.get("outcome").asString()).isEqualTo("FAILED");
			assertThat(operation.get("detail").asString())
				.contains("was not ready, and made no start-up progress, within cluster.listen-timeout (6000 ms)");
			assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
			// The outcome comes at the first replacement's timeout; the other, as hung,
			// meets its own a moment later.
			await().atMost(Duration.ofSeconds(30)).until(() -> cluster.workerPids().equals(reloaded));
			assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
		}
	}

	@Test
	void scaleRestartAndTheirErrors() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "operations", port, 2, EXPOSE,
				WRITES)) {

			// Bad requests change nothing.
			assertBadRequest(Http.post(port, "/actuator/cluster/scale", "{\"instances\":\"abc\"}"),
					"instances must be");
			assertBadRequest(Http.post(port, "/actuator/cluster/scale", "{\"instances\":\"-2\"}"), "at least one");
			assertBadRequest(Http.post(port, "/actuator/cluster/scale", "{\"instances\":\"0\"}"), "at least one");
			assertBadRequest(Http.post(port, "/actuator/cluster/reload", "{\"instance\":7}"), "No worker with index 7");
			assertBadRequest(Http.post(port, "/actuator/cluster/shuffle", "{}"), "Unknown operation 'shuffle'");

			assertBadRequest(Http.post(port, "/actuator/cluster/reload/7", null), "No worker with index 7");
			assertBadRequest(Http.post(port, "/actuator/cluster/restart/first", null), "'first' is not a worker index");

			// Scale up to the next free index; a second operation meanwhile is refused,
			// but a bad request is still told what is wrong with it.
			String scaleUp = ClusterOperations.start(port, "scale", "{\"instances\":\"+1\"}");
			Http.Response conflict = Http.post(port, "/actuator/cluster/reload", "{}");
			assertThat(conflict.status()).isEqualTo(409);
			assertThat(conflict.json().get("message").asString()).contains("A scale is running (operation " + scaleUp);
			assertBadRequest(Http.post(port, "/actuator/cluster/reload", "{\"instance\":7}"), "No worker with index 7");
			ClusterOperations.awaitSucceeded(port, scaleUp);
			JsonNode status = Http.clusterStatus(port);
			assertThat(status.get("instances").get("online").asInt()).isEqualTo(3);
			assertThat(status.get("workers").findValuesAsString("state")).containsOnly("ONLINE");
			assertThat(cluster.workers()).hasSize(3);

			// Scale down, the path form: the highest index drains and stops.
			ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "scale/2", null));
			assertThat(Http.clusterStatus(port).get("workers").findValues("id")).extracting(JsonNode::asInt)
				.containsExactly(0, 1);
			await().atMost(Duration.ofSeconds(30)).until(() -> cluster.workers().size() == 2);

			// Restart one worker: only its pid changes.
			long pid0 = Http.workerPid(port, 0);
			long pid1 = Http.workerPid(port, 1);
			ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "restart", "{\"instance\":1}"));
			assertThat(Http.workerPid(port, 0)).isEqualTo(pid0);
			assertThat(Http.workerPid(port, 1)).isNotEqualTo(pid1);

			// The status as a table, for a person.
			Http.Response table = Http.get(port, "/actuator/cluster", "text/plain");
			assertThat(table.status()).isEqualTo(200);
			assertThat(table.body()).contains("port sharing " + Host.defaultPortSharing() + ", 2 of 2 worker(s) online")
				.contains("id  pid")
				.contains("ONLINE")
				.contains("operation restart");
		}
	}

	@Test
	void theEndpointIsOnTheManagementPortWhenTheAppSetsOne() throws Exception {
		int port = ClusterProcess.freePort();
		int managementPort = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "management-port", port, 2, EXPOSE,
				WRITES, "--management.server.port=" + managementPort)) {
			assertThat(cluster.output()).contains("management port " + managementPort + " is relayed");

			// Actuator moved to its own port; the app's port serves the app only.
			assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
			assertThat(Http.get(port, "/actuator/cluster").status()).isEqualTo(404);
			assertThat(Http.clusterStatus(managementPort).get("instances").get("online").asInt()).isEqualTo(2);

			// After a restart the relay reaches the new JVM's management server, and
			// every request
			// finds a ready worker.
			long pid0 = Http.workerPid(managementPort, 0);
			ClusterOperations.awaitSucceeded(managementPort,
					ClusterOperations.start(managementPort, "restart", "{\"instance\":0}"));
			assertThat(Http.workerPid(managementPort, 0)).isNotEqualTo(pid0);
			for (int i = 0; i < 6; i++) {
				assertThat(Http.clusterStatus(managementPort).get("instances").get("online").asInt()).isEqualTo(2);
			}
		}
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "worker memory is read from /proc")
	void aWorkerWhoseMemoryStaysAboveTheLimitIsReplacedWithoutLosingARequest(@TempDir Path marker) throws Exception {
		int port = ClusterProcess.freePort();
		// Worker 1's first JVM holds 512 MB more than a worker of this app needs (about
		// 150 MB).
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "max-memory", port, 2, EXPOSE, WRITES,
				"--cluster.max-memory-restart=400MB", "--cluster.memory-check-interval=1s",
				"--test.retain-memory-instance=1", "--test.retain-memory-mb=512",
				"--test.retain-memory-marker=" + marker.resolve("retained"))) {
			long pid0 = Http.workerPid(port, 0);
			long pid1 = Http.workerPid(port, 1);
			try (LoadClient load = LoadClient.start(port, 8, LoadClient.Mode.KEEP_ALIVE)) {
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
					JsonNode operation = Http.clusterStatus(port).get("operation");
					return operation != null && operation.get("kind").asString().equals("memory-restart")
							&& operation.get("outcome").asString().equals("SUCCEEDED");
				});
				load.close();
				assertThat(load.failed()).as("first failures: %s", load.failures()).isZero();
			}
			assertThat(Http.workerPid(port, 0)).isEqualTo(pid0);
			assertThat(Http.workerPid(port, 1)).isNotEqualTo(pid1);
			assertThat(cluster.output()).contains("worker 1 (pid " + pid1 + ") uses")
				.contains("above cluster.max-memory-restart (400 MB) at two checks in a row")
				.doesNotContain("worker 0 (pid " + pid0 + ") uses");
		}
	}

	private static void assertBadRequest(Http.Response response, String message) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).contains(message);
	}

}
