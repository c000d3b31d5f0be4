package dev.clusterboot.it;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.testsupport.Exposition;
import dev.clusterboot.it.support.Host;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observability of a real cluster of 2 workers: one Prometheus scrape for all of them,
 * the supervisor's meters, the {@code cluster} health component and info.
 */
class ObservabilityIT {

	private static final Duration START = Duration.ofSeconds(90);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=health,info,prometheus,cluster";

	@Test
	void oneScrapeHoldsTheSeriesOfEveryWorkerAndOfTheSupervisor() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "scrape", port, 2, EXPOSE)) {
			// Requests land on either worker: send until both have served some.
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				for (int i = 0; i < 20; i++) {
					Http.get(port, "/hello");
				}
				return scrape(port).workersOf("http_server_requests_seconds").containsAll(Set.of("0", "1"));
			});

			Exposition scrape = scrape(port);
			assertThat(scrape.workersOf("jvm_memory_used_bytes")).containsExactlyInAnyOrder("0", "1");
			assertThat(scrape.workersOf("process_uptime_seconds")).containsExactlyInAnyOrder("0", "1");
			assertThat(scrape.value("cluster_workers", Map.of("state", "online"))).isEqualTo(2.0);
			assertThat(scrape.workersOf("cluster_worker_memory_bytes")).containsExactlyInAnyOrder("0", "1");
			scrape.assertNoDuplicateSeries();
			scrape.checkWithPromtool();

			Http.Response info = Http.get(port, "/actuator/info");
			assertThat(info.status()).isEqualTo(200);
			JsonNode clusterInfo = info.json().get("cluster");
			assertThat(clusterInfo.get("instances").get("desired").asInt()).isEqualTo(2);
			assertThat(clusterInfo.get("portSharing").asString()).isEqualTo(Host.defaultPortSharing());
		}
	}

	@Test
	void aKilledWorkerIsCountedAndTheHealthFallsBelowTheThresholdUntilItIsBack() throws Exception {
		int port = ClusterProcess.freePort();
		// Both workers must be ready for UP; a restart that is not immediate keeps it
		// below a while.
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "health", port, 2, EXPOSE,
				"--cluster.health.ready-threshold=1", "--management.endpoint.health.show-details=always",
				"--cluster.min-uptime=1h", "--cluster.restart-backoff.initial-delay=3s")) {
			JsonNode health = health(port);
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.get("details").get("ready").asInt()).isEqualTo(2);
			assertThat(health.get("details").get("workers").findValuesAsString("state")).containsOnly("ONLINE");
			assertThat(scrape(port).value("cluster_worker_restarts_total", Map.of("worker", "1"))).isZero();

			long killed = Http.workerPid(port, 1);
			ProcessHandle.of(killed).ifPresent(ProcessHandle::destroyForcibly);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> health(port).get("status").asString().equals("OUT_OF_SERVICE"));
			Exposition scrape = scrape(port);
			assertThat(scrape.value("cluster_worker_restarts_total", Map.of("worker", "1"))).isEqualTo(1.0);
			assertThat(scrape.value("cluster_worker_restarts_total", Map.of("worker", "0"))).isZero();

			await().atMost(Duration.ofSeconds(60)).until(() -> health(port).get("status").asString().equals("UP"));
			assertThat(Http.workerPid(port, 1)).isNotEqualTo(killed);
		}
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "stops a worker with kill -STOP")
	void aHungWorkerIsLeftOutOfTheScrapeWithoutHangingIt() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "scrape-hung", port, 2, EXPOSE,
				"--cluster.scrape-timeout=1s")) {
			long hung = Http.workerPid(port, 1);
			signal("STOP", hung);
			try {
				// The stopped worker serves nothing, so worker 0 takes the scrape. A
				// connection the kernel handed to the stopped worker's acceptor, blocked
				// in accept() when it stopped, waits for it; the next goes to worker 0.
				Exposition scrape = await().atMost(Duration.ofSeconds(45))
					.ignoreException(SocketTimeoutException.class)
					.until(() -> scrape(port), (exposition) -> true);
				assertThat(scrape.workersOf("jvm_memory_used_bytes")).containsExactly("0");
				assertThat(scrape.value("cluster_scrape_missed_total", Map.of("worker", "1"))).isEqualTo(1.0);
			}
			finally {
				signal("CONT", hung);
			}
			// Back in the next scrape.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> scrape(port).workersOf("jvm_memory_used_bytes").containsAll(Set.of("0", "1")));
		}
	}

	@Test
	void withStructuredLoggingEachWorkerRecordIsAJsonLineNamingItsWorker() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "structured-logs", port, 2,
				"--logging.structured.format.console=ecs")) {
			Set<String> workers = new HashSet<>();
			// Unprefixed, so every line, the supervisor's and the workers', is one JSON
			// record.
			for (String line : cluster.output().lines().toList()) {
				JsonNode record = JSON.readTree(line);
				if (record.get("message").asString().startsWith("Started TomcatTestApplication")) {
					// ECS nests dotted names: cluster.worker is
					// {"cluster":{"worker":"0"}}.
					workers.add(record.path("cluster").path("worker").asString());
				}
			}
			assertThat(workers).containsExactlyInAnyOrder("0", "1");
		}
	}

	private static Exposition scrape(int port) throws IOException {
		Http.Response response = Http.get(port, "/actuator/prometheus");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return Exposition.parse(response.body());
	}

	private static JsonNode health(int port) throws IOException {
		return Http.get(port, "/actuator/health/cluster").json();
	}

	private static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).isZero();
	}

}
