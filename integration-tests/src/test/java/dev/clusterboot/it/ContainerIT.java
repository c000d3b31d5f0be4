package dev.clusterboot.it;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample in a JDK container limited to 2 CPUs, as a user deploys it: 2 workers
 * answer, {@code docker stop} drains them and the container exits 0, and
 * {@code docker kill} leaves no process behind. It needs a container engine: GitHub
 * Actions runs it ({@code .github/workflows/ci.yml}); where Docker is missing,
 * Testcontainers skips it and says so. Our build machines have none (Debian's podman
 * cannot start containers there).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerIT {

	private static final String IMAGE = "eclipse-temurin:17-jre";

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void twoCpusGiveTwoWorkersAndDockerStopDrainsAndExitsZero() throws Exception {
		try (GenericContainer<?> container = sample()) {
			container.start();
			JsonNode status = json.readTree(get(container, "/actuator/cluster"));
			assertThat(status.path("instances").path("desired").asInt()).isEqualTo(2);
			assertThat(status.path("instances").path("online").asInt()).isEqualTo(2);
			String id = container.getContainerId();
			// docker stop: SIGTERM, then SIGKILL after the timeout.
			DockerClientFactory.instance().client().stopContainerCmd(id).withTimeout(40).exec();
			Long exitCode = DockerClientFactory.instance()
				.client()
				.inspectContainerCmd(id)
				.exec()
				.getState()
				.getExitCodeLong();
			assertThat(exitCode).isZero();
			assertThat(container.getLogs()).contains("Cluster stopped");
		}
	}

	@Test
	void dockerKillLeavesNothingBehind() throws Exception {
		try (GenericContainer<?> container = sample()) {
			container.start();
			String id = container.getContainerId();
			DockerClientFactory.instance().client().killContainerCmd(id).exec();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !DockerClientFactory.instance()
					.client()
					.inspectContainerCmd(id)
					.exec()
					.getState()
					.getRunning());
			// Every process of the container went with it: its process table is empty.
			assertThat(DockerClientFactory.instance().client().inspectContainerCmd(id).exec().getState().getPid())
				.isZero();
		}
	}

	@SuppressWarnings("resource")
	private static GenericContainer<?> sample() {
		return new GenericContainer<>(IMAGE)
			.withCopyFileToContainer(MountableFile.forHostPath(TestApp.SAMPLE.jar()), "/app/app.jar")
			.withCommand("java", "-jar", "/app/app.jar", "--server.address=0.0.0.0")
			.withCreateContainerCmdModifier((command) -> command.getHostConfig().withNanoCPUs(2_000_000_000L))
			.withExposedPorts(8080)
			.waitingFor(Wait.forLogMessage(".*All 2 workers are ready.*", 1).withStartupTimeout(Duration.ofMinutes(3)));
	}

	private static String get(GenericContainer<?> container, String path) throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI
					.create("http://" + container.getHost() + ":" + container.getMappedPort(8080) + path))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
