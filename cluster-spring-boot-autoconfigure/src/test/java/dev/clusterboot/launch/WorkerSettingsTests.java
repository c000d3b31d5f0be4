package dev.clusterboot.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.PropertyResolver;
import org.springframework.mock.env.MockEnvironment;

import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.WorkerEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a worker's environment settles ahead of the app's own configuration.
 */
class WorkerSettingsTests {

	@Test
	void aWorkerServesThePublicPortAndNamesItselfInStructuredLogs() {
		Map<String, Object> settled = WorkerSettings.settle(worker(PortSharing.SHARED_SOCKET, false), app());
		assertThat(settled).containsEntry("cluster.instance-id", 1)
			.containsEntry("server.port", 8080)
			.containsEntry("logging.structured.json.add[cluster.worker]", "1")
			.doesNotContainKeys("server.address", "management.server.port", "spring.grpc.server.port");
	}

	@Test
	void behindTheProxyTheOtherServersListenOnLoopbackAndKnowTheirPublicPort() {
		Map<String, Object> settled = WorkerSettings.settle(worker(PortSharing.PROXY, false),
				app("spring.rsocket.server.port", "7000"));
		// gRPC's port has a default, 9090; the standalone RSocket server exists only
		// where
		// its port is set.
		assertThat(settled).containsEntry("spring.grpc.server.port", 0)
			.containsEntry("spring.grpc.server.address", "127.0.0.1")
			.containsEntry("cluster.worker.public-port.grpc", 9090)
			.containsEntry("spring.rsocket.server.port", 0)
			.containsEntry("spring.rsocket.server.address", "127.0.0.1")
			.containsEntry("cluster.worker.public-port.rsocket", 7000);
		assertThat(WorkerSettings.settle(worker(PortSharing.PROXY, false), app()))
			.containsEntry("cluster.worker.public-port.grpc", 9090)
			.doesNotContainKeys("spring.rsocket.server.port", "cluster.worker.public-port.rsocket");
	}

	@Test
	void behindTheProxyAndTheManagementRelayAWorkerListensOnFreeLoopbackPorts() {
		Map<String, Object> settled = WorkerSettings.settle(worker(PortSharing.PROXY, true), app());
		assertThat(settled).containsEntry("server.port", 0)
			.containsEntry("server.address", "127.0.0.1")
			.containsEntry("management.server.port", 0)
			.containsEntry("management.server.address", "127.0.0.1");
	}

	@Test
	void behindTheProxyTomcatTrustsNoForwardedHeaderUnlessTheAppChoseItsProxies() {
		// Every request reaches the worker from the proxy's loopback address.
		assertThat(WorkerSettings.settle(worker(PortSharing.PROXY, false), app()))
			.containsEntry("server.tomcat.remoteip.internal-proxies", "");
		assertThat(WorkerSettings.settle(worker(PortSharing.PROXY, false),
				app("server.tomcat.remoteip.internal-proxies", "10\\.0\\.0\\.1")))
			.doesNotContainKey("server.tomcat.remoteip.internal-proxies");
		assertThat(WorkerSettings.settle(worker(PortSharing.SHARED_SOCKET, false), app()))
			.doesNotContainKey("server.tomcat.remoteip.internal-proxies");
	}

	@Test
	void loggerLevelsSetAtRunTimeComeThroughTheEnvironmentAndOverrideTheApps() {
		WorkerEnvironment sent = worker(PortSharing.SHARED_SOCKET, false)
			.withLoggerLevels(Map.of("com.example", "DEBUG"));
		Map<String, String> env = new HashMap<>();
		sent.writeTo(env);
		WorkerEnvironment received = WorkerEnvironment.from(env);
		assertThat(received.loggerLevels()).containsExactly(Map.entry("com.example", "DEBUG"));
		assertThat(WorkerSettings.settle(received, app("logging.level.com.example", "INFO")))
			.containsEntry("logging.level.com.example", "DEBUG");
		Map<String, String> none = new HashMap<>();
		worker(PortSharing.SHARED_SOCKET, false).writeTo(none);
		assertThat(WorkerEnvironment.from(none).loggerLevels()).isEmpty();
	}

	private static PropertyResolver app(String... properties) {
		MockEnvironment environment = new MockEnvironment();
		for (int i = 0; i < properties.length; i += 2) {
			environment.setProperty(properties[i], properties[i + 1]);
		}
		return environment;
	}

	private static WorkerEnvironment worker(PortSharing portSharing, boolean managementRelayed) {
		return new WorkerEnvironment(1, Path.of("/tmp/channel.sock"), "secret", portSharing, 8080, null,
				managementRelayed, Duration.ZERO);
	}

}
