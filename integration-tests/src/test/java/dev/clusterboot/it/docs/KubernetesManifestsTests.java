package dev.clusterboot.it.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.clusterboot.it.support.Host;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests of {@code docs/kubernetes}: valid against the Kubernetes schema, checked
 * offline with the {@code kubernetes-models} package, and true to what the deployment
 * guide says about probes, grace period, CPU and memory.
 */
class KubernetesManifestsTests {

	private static final Path MANIFESTS = Path.of(System.getProperty("project.root", ".."), "docs", "kubernetes");

	@Test
	void theDeploymentFollowsTheGuide() throws IOException {
		JsonNode deployment = documents().stream()
			.filter((document) -> document.path("kind").asString().equals("Deployment"))
			.findFirst()
			.orElseThrow();
		JsonNode pod = deployment.path("spec").path("template").path("spec");
		JsonNode container = pod.path("containers").get(0);
		List<String> args = container.path("args").valueStream().map(JsonNode::asString).toList();
		assertThat(args).contains("--cluster.instances=max");
		Duration shutdownTimeout = Duration.ofSeconds(Long.parseLong(args.stream()
			.filter((arg) -> arg.startsWith("--cluster.shutdown-timeout="))
			.findFirst()
			.orElseThrow()
			.replaceAll("\\D", "")));
		long preStopSleep = Long
			.parseLong(container.path("lifecycle").path("preStop").path("exec").path("command").get(1).asString());
		// The kubelet must not kill the pod while the supervisor drains it.
		assertThat(pod.path("terminationGracePeriodSeconds").asLong())
			.isGreaterThan(preStopSleep + shutdownTimeout.toSeconds());
		assertThat(container.path("readinessProbe").path("httpGet").path("path").asString())
			.isEqualTo("/actuator/health/readiness");
		assertThat(container.path("livenessProbe").path("httpGet").path("path").asString())
			.isEqualTo("/actuator/health/liveness");
		// The cluster component decides readiness, not liveness.
		assertThat(environment(container, "MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE")).contains("cluster");
		assertThat(environment(container, "MANAGEMENT_ENDPOINT_HEALTH_GROUP_LIVENESS_INCLUDE")).isNull();
		// instances=max follows the CPU limit, and the memory request covers that many
		// workers.
		JsonNode resources = container.path("resources");
		int cpus = Integer.parseInt(resources.path("limits").path("cpu").asString());
		assertThat(cpus).isPositive();
		long requestMib = Long.parseLong(resources.path("requests").path("memory").asString().replace("Mi", ""));
		assertThat(requestMib).isGreaterThanOrEqualTo(64 + cpus * 300L);
	}

	@Test
	void everyManifestIsValidAgainstTheKubernetesSchema(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
		Host.assumeCommand("node", "validates the manifests with the kubernetes-models package");
		Host.assumeCommand("npm", "installs the kubernetes-models package");
		Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix",
				work.toString(), "kubernetes-models@5", "yaml@2")
			.redirectErrorStream(true)
			.start();
		String installed = new String(install.getInputStream().readAllBytes());
		assertThat(install.waitFor(300, TimeUnit.SECONDS)).isTrue();
		assertThat(install.exitValue()).as(installed).isZero();
		Process check = new ProcessBuilder("node", MANIFESTS.resolve("check.mjs").toString(),
				work.resolve("node_modules").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes());
		assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(check.exitValue()).as(output).isZero();
		assertThat(output).contains("valid: deployment.yaml apps/v1 Deployment app")
			.contains(documents().size() + " object(s) valid against the Kubernetes schema");
	}

	private static List<JsonNode> documents() throws IOException {
		YAMLMapper yaml = YAMLMapper.builder().build();
		try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class)
			.readValues(Files.readString(MANIFESTS.resolve("deployment.yaml")))) {
			return documents.readAll();
		}
	}

	private static String environment(JsonNode container, String name) {
		for (JsonNode variable : container.path("env")) {
			if (variable.path("name").asString().equals(name)) {
				return variable.path("value").asString();
			}
		}
		return null;
	}

}
