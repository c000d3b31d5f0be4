package dev.clusterboot.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.clusterboot.it.support.ClusterOperations;
import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Actuator across a real cluster of 2 workers: any endpoint of one worker through
 * {@code /actuator/cluster/workers/N/...}, a logger level set through the app's port in
 * every worker and in the workers a reload starts, a cache evicted in every worker, one
 * meter merged from every worker.
 */
class ActuatorIT {

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=cluster,loggers,metrics,threaddump";

	private static final String WRITES = "--management.endpoint.cluster.access=unrestricted";

	/** Logs each request at debug: a line in the worker's output says the level holds. */
	private static final String LOGGER = "org.springframework.web.servlet.DispatcherServlet";

	@Test
	void everyWorkerIsReachableAndALoggerLevelHoldsForTheWholeAppAcrossAReload() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "actuator", port, 2, EXPOSE, WRITES,
				"--test.pid-thread=true", "--cluster.slow-start=0")) {
			long pid0 = Http.workerPid(port, 0);
			long pid1 = Http.workerPid(port, 1);

			// Worker 1's thread dump, whichever worker takes the connection.
			for (int i = 0; i < 4; i++) {
				Http.Response dump = Http.get(port, "/actuator/cluster/workers/1/threaddump", "text/plain");
				assertThat(dump.status()).as(dump.body()).isEqualTo(200);
				assertThat(dump.body()).contains("\"test-app-pid-" + pid1 + "\"")
					.doesNotContain("test-app-pid-" + pid0);
			}
			JsonNode json = Http.get(port, "/actuator/cluster/workers/0/threaddump").json();
			assertThat(json.get("threads").toString()).contains("test-app-pid-" + pid0);
			Http.Response none = Http.get(port, "/actuator/cluster/workers/7/threaddump");
			assertThat(none.status()).isEqualTo(404);
			assertThat(none.body()).contains("No ready worker 7");
			assertThat(Http.get(port, "/actuator/cluster/workers/0/env").status()).as("env is not exposed")
				.isEqualTo(404);
			Http.Response delete = Http.raw(port, "DELETE /actuator/cluster/workers/1/loggers/" + LOGGER
					+ " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			assertThat(delete.status()).as("worker 1's loggers endpoint has no delete").isEqualTo(405);
			assertThat(delete.body()).contains("DELETE is not allowed there");

			// One meter of both workers, with a worker tag to drill into.
			int requests = 40;
			for (int i = 0; i < requests; i++) {
				Http.get(port, "/hello");
			}
			// The timer records once the response is written: the last one may come a
			// moment after its client read it.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> count(Http.get(port, "/actuator/metrics/http.server.requests?tag=uri:/hello").json()),
						(count) -> count == requests);
			JsonNode merged = Http.get(port, "/actuator/metrics/http.server.requests?tag=uri:/hello").json();
			double count0 = count(
					Http.get(port, "/actuator/metrics/http.server.requests?tag=uri:/hello&tag=worker:0").json());
			double count1 = count(
					Http.get(port, "/actuator/metrics/http.server.requests?tag=uri:/hello&tag=worker:1").json());
			assertThat(count(merged)).isEqualTo(requests);
			assertThat(count0).isPositive();
			assertThat(count1).isPositive();
			assertThat(count0 + count1).isEqualTo(requests);
			assertThat(tagValues(merged, "worker")).containsExactly("0", "1");

			// A level set through the app's port, as Spring Boot users set one.
			Http.Response set = Http.post(port, "/actuator/loggers/" + LOGGER, "{\"configuredLevel\":\"DEBUG\"}");
			assertThat(set.status()).as(set.body()).isEqualTo(204);
			cluster.awaitOutput("Logger " + LOGGER + " set to DEBUG: applied by workers [0, 1]", Duration.ofSeconds(5));
			for (int worker = 0; worker < 2; worker++) {
				JsonNode level = Http.get(port, "/actuator/cluster/workers/" + worker + "/loggers/" + LOGGER).json();
				assertThat(level.get("configuredLevel").asString()).isEqualTo("DEBUG");
			}
			awaitDebugLinesOf(cluster, port, Set.of(pid0, pid1));

			// A reload's new workers start with it.
			ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "reload", null));
			Set<Long> reloaded = cluster.workerPids();
			assertThat(reloaded).hasSize(2).doesNotContain(pid0, pid1);
			awaitDebugLinesOf(cluster, port, reloaded);
			JsonNode level = Http.get(port, "/actuator/cluster/workers/1/loggers/" + LOGGER).json();
			assertThat(level.get("configuredLevel").asString()).isEqualTo("DEBUG");
		}
	}

	/** On WebFlux, whose web layer writes the relayed answers with its own codecs. */
	@Test
	void onAManagementPortOfItsOwnOneWorkersEndpointIsReachedAndAWriteReachesEveryWorker() throws Exception {
		int port = ClusterProcess.freePort();
		int management = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.WEBFLUX, "actuator-management", port, 2, EXPOSE,
				WRITES, "--management.server.port=" + management, "--test.pid-thread=true")) {
			long pid1 = Http.workerPid(management, 1);
			for (int i = 0; i < 4; i++) {
				assertThat(Http.get(management, "/actuator/cluster/workers/1/threaddump", "text/plain").body())
					.contains("test-app-pid-" + pid1);
				assertThat(
						Http.get(management, "/actuator/cluster/workers/1/threaddump").json().get("threads").toString())
					.contains("test-app-pid-" + pid1);
			}
			Http.Response set = Http.post(management, "/actuator/loggers/com.example",
					"{\"configuredLevel\":\"WARN\"}");
			assertThat(set.status()).as(set.body()).isEqualTo(204);
			for (int worker = 0; worker < 2; worker++) {
				assertThat(Http.get(management, "/actuator/cluster/workers/" + worker + "/loggers/com.example")
					.json()
					.get("configuredLevel")
					.asString()).isEqualTo("WARN");
			}
		}
	}

	/**
	 * The sample's prices, each worker's cache of a file: the file changed behind the
	 * app's back, one eviction through the app's port reaches every worker's cache.
	 */
	@Test
	void aCacheEvictedThroughTheAppsPortIsEvictedInEveryWorker(@TempDir Path directory) throws Exception {
		int port = ClusterProcess.freePort();
		Path prices = directory.resolve("prices.properties");
		Files.writeString(prices, "apple=3\n");
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.SAMPLE, "actuator-caches", port, 2,
				"--management.endpoints.web.exposure.include=cluster,caches", "--sample.prices-file=" + prices)) {
			awaitEveryWorkerSays(port, 3);
			Files.writeString(prices, "apple=5\n");
			for (int i = 0; i < 4; i++) {
				assertThat(Http.get(port, "/prices/apple").json().get("price").asInt()).as("cached").isEqualTo(3);
			}
			Http.Response evicted = Http.raw(port,
					"DELETE /actuator/caches/prices HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n\r\n");
			assertThat(evicted.status()).as(evicted.body()).isEqualTo(204);
			awaitEveryWorkerSays(port, 5);
			cluster.awaitOutput("Cache prices cleared: applied by workers [0, 1]", Duration.ofSeconds(5));
		}
	}

	/** Until each of the 2 workers answered the price, and none another one. */
	private static void awaitEveryWorkerSays(int port, int price) {
		Set<Long> answered = new HashSet<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode answer = Http.get(port, "/prices/apple").json();
			assertThat(answer.get("price").asInt()).isEqualTo(price);
			answered.add(answer.get("pid").asLong());
			assertThat(answered).hasSize(2);
		});
	}

	private static void awaitDebugLinesOf(ClusterProcess cluster, int port, Set<Long> pids) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Http.get(port, "/hello");
			List<String> debugLines = new ArrayList<>();
			for (String line : cluster.output().split("\n")) {
				if (line.contains(" DEBUG ") && line.contains("DispatcherServlet")) {
					debugLines.add(line);
				}
			}
			for (long pid : pids) {
				assertThat(debugLines).as("debug lines of pid %s", pid)
					.anyMatch((line) -> line.contains(" " + pid + " "));
			}
		});
	}

	private static double count(JsonNode metric) {
		for (JsonNode sample : metric.get("measurements")) {
			if (sample.get("statistic").asString().equals("COUNT")) {
				return sample.get("value").asDouble();
			}
		}
		throw new AssertionError("no COUNT in " + metric);
	}

	private static List<String> tagValues(JsonNode metric, String tag) {
		List<String> values = new ArrayList<>();
		for (JsonNode available : metric.get("availableTags")) {
			if (available.get("tag").asString().equals(tag)) {
				available.get("values").forEach((value) -> values.add(value.asString()));
			}
		}
		return values;
	}

}
