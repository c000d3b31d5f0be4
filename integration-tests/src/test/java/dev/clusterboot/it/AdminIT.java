package dev.clusterboot.it;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
 * Spring Boot Admin: a real server, not clustered, and the sample clustered with its
 * client and nothing else: one application, one instance per worker, each reached at its
 * own Actuator address, after a reload as many instances again, the new JVMs', and after
 * a scale-down one fewer.
 */
class AdminIT {

	@Test
	void theClusterIsOneApplicationWithAnInstancePerWorkerAcrossAReloadAndAScaleDown(@TempDir Path directory)
			throws Exception {
		int adminPort = ClusterProcess.freePort();
		Process admin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				TestApp.ADMIN_SERVER.jar().toString(), "--server.port=" + adminPort, "--server.address=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(new File(directory.toFile(), "admin-server.log"))
			.start();
		try {
			await().atMost(ClusterProcess.READY).ignoreExceptions().until(() -> instances(adminPort) != null);
			int port = ClusterProcess.freePort();
			try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.SAMPLE, "admin", port, 2,
					"--spring.boot.admin.client.url=http://127.0.0.1:" + adminPort,
					"--spring.boot.admin.client.instance.service-base-url=http://127.0.0.1:" + port,
					"--spring.boot.admin.client.period=2s", "--cluster.slow-start=0")) {
				Set<Long> before = cluster.workerPids();
				awaitInstancesOf(adminPort, port, before);

				ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "reload", null));
				Set<Long> after = cluster.workerPids();
				assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
				awaitInstancesOf(adminPort, port, after);

				// A worker whose slot goes away takes its instance with it.
				ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "scale/1", null));
				long remaining = Http.workerPid(port, 0);
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					JsonNode instances = instances(adminPort);
					assertThat(instances).hasSize(1);
					assertThat(instances.get(0).get("registration").get("metadata").get("cluster.pid").asLong())
						.isEqualTo(remaining);
				});
			}
		}
		finally {
			admin.destroy();
			if (!admin.waitFor(30, TimeUnit.SECONDS)) {
				admin.destroyForcibly().waitFor();
			}
		}
	}

	/**
	 * Until the server lists exactly one instance per worker, each UP, at its own
	 * address, registered by these JVMs, with the endpoints found behind it.
	 */
	private static void awaitInstancesOf(int adminPort, int port, Set<Long> pids) {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode instances = instances(adminPort);
			assertThat(instances).hasSize(2);
			Set<String> names = new HashSet<>();
			Set<Long> registeredBy = new HashSet<>();
			Set<String> managementUrls = new HashSet<>();
			for (JsonNode instance : instances) {
				JsonNode registration = instance.get("registration");
				names.add(registration.get("name").asString());
				registeredBy.add(registration.get("metadata").get("cluster.pid").asLong());
				managementUrls.add(registration.get("managementUrl").asString());
				assertThat(instance.get("statusInfo").get("status").asString()).isEqualTo("UP");
				String worker = registration.get("metadata").get("cluster.worker").asString();
				List<String> endpoints = instance.get("endpoints")
					.valueStream()
					.map((endpoint) -> endpoint.get("id").asString() + " " + endpoint.get("url").asString())
					.toList();
				String address = "http://127.0.0.1:" + port + "/actuator/cluster/workers/" + worker;
				assertThat(endpoints).contains("threaddump " + address + "/threaddump",
						"loggers " + address + "/loggers", "metrics " + address + "/metrics",
						"health " + address + "/health");
			}
			assertThat(names).hasSize(1);
			assertThat(registeredBy).isEqualTo(pids);
			assertThat(managementUrls).containsExactlyInAnyOrder(
					"http://127.0.0.1:" + port + "/actuator/cluster/workers/0",
					"http://127.0.0.1:" + port + "/actuator/cluster/workers/1");
		});
	}

	private static JsonNode instances(int adminPort) throws Exception {
		Http.Response response = Http.get(adminPort, "/instances", "application/json");
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

}
