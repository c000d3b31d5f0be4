package dev.clusterboot.it;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.clusterboot.it.support.ClusterOperations;
import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.GrpcClient;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An app with Spring Boot's gRPC server beside its web server, clustered: both workers
 * answer gRPC calls on the one gRPC port, under each port-sharing mechanism, and a reload
 * under a load of gRPC calls fails none, with a real gRPC client.
 */
class GrpcIT {

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=cluster";

	private static final String WRITES = "--management.endpoint.cluster.access=unrestricted";

	/**
	 * An app whose only server is Spring Boot's gRPC server: no web server, so the
	 * supervisor shares the gRPC port alone, and the app is reloaded by SIGHUP, as a
	 * service manager reloads it.
	 */
	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "reloads with kill -HUP")
	void anAppWithTheGrpcServerAloneIsSharedOnItsPortAndReloadedBySighupWithoutAFailedCall() throws Exception {
		int grpcPort = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(TestApp.GRPC, "grpc-only", ClusterProcess.freePort(),
				"--cluster.instances=2", "--spring.main.web-application-type=none",
				"--spring.grpc.server.port=" + grpcPort, "--cluster.startup-cache.enabled=false",
				"--cluster.slow-start=0")) {
			cluster.awaitOutput("All 2 workers are ready", ClusterProcess.READY);
			assertThat(cluster.output()).contains("without a port: the app has no web server")
				.contains("Sharing port " + grpcPort + " too");
			Set<Long> pids = new HashSet<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				pids.add(GrpcClient.who(grpcPort));
				return pids.size() == 2;
			});
			try (GrpcClient load = GrpcClient.load(grpcPort, 8, 20)) {
				await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > 300);
				cluster.signal("HUP");
				await().atMost(Duration.ofSeconds(120)).until(() -> cluster.output().contains("(reload) SUCCEEDED"));
				long afterReload = load.succeeded();
				await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > afterReload + 300);
				load.close();
				assertThat(load.failed())
					.as("failed calls (%s of %s); first failures: %s", load.failed(), load.succeeded(), load.failures())
					.isZero();
			}
			assertThat(cluster.workerPids()).hasSize(2).doesNotContainAnyElementsOf(pids);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "shared-socket", "reuseport", "proxy" })
	void bothWorkersAnswerOnTheGrpcPortAndAReloadFailsNoCall(String portSharing) throws Exception {
		int port = ClusterProcess.freePort();
		int grpcPort = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.GRPC, "grpc-" + portSharing, port, 2, EXPOSE,
				WRITES, "--cluster.port-sharing=" + portSharing, "--spring.grpc.server.port=" + grpcPort,
				"--cluster.startup-cache.enabled=false", "--cluster.slow-start=0")) {
			// Fresh channels, so fresh connections: each worker takes some.
			Set<Long> pids = new HashSet<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				pids.add(GrpcClient.who(grpcPort));
				return pids.size() == 2;
			});
			assertThat(pids).isEqualTo(cluster.workerPids());
			JsonNode status = Http.clusterStatus(port);
			assertThat(status.get("servers").get(0).get("server").asString()).isEqualTo("grpc");
			assertThat(status.get("servers").get(0).get("port").asInt()).isEqualTo(grpcPort);
			assertThat(Http.get(port, "/actuator/cluster", "text/plain").body())
				.contains("on port " + port + ", grpc port " + grpcPort + ", port sharing " + portSharing);

			if (!portSharing.equals("reuseport")) {
				try (GrpcClient load = GrpcClient.load(grpcPort, 8, 20)) {
					ClusterOperations.reloadUnder(port, 1, load);
				}
				Set<Long> reloaded = cluster.workerPids();
				assertThat(reloaded).hasSize(2).doesNotContainAnyElementsOf(pids);
				Set<Long> answering = new HashSet<>();
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					answering.add(GrpcClient.who(grpcPort));
					return answering.size() == 2;
				});
				assertThat(answering).isEqualTo(reloaded);
			}
		}
	}

}
