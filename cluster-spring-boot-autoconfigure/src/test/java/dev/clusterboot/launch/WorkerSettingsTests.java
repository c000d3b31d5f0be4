package dev.clusterboot.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.WorkerEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a worker's environment settles ahead of the app's own configuration.
 */
class WorkerSettingsTests {

	@Test
	void aWorkerServesThePublicPortAndNamesItselfInStructuredLogs() {
		Map<String, Object> settled = WorkerSettings.settle(worker(PortSharing.SHARED_SOCKET, false), false);
		assertThat(settled).containsEntry("cluster.instance-id", 1)
			.containsEntry("server.port", 8080)
			.containsEntry("logging.structured.json.add[cluster.worker]", "1")
			.doesNotContainKeys("server.address", "management.server.port");
	}

	@Test
	void behindTheProxyAndTheManagementRelayAWorkerListensOnFreeLoopbackPorts() {
		Map<String, Object> settled = WorkerSettings.settle(worker(PortSharing.PROXY, true), false);
		assertThat(settled).containsEntry("server.port", 0)
			.containsEntry("server.address", "127.0.0.1")
			.containsEntry("management.server.port", 0)
			.containsEntry("management.server.address", "127.0.0.1");
	}

	@Test
	void behindTheProxyTomcatTrustsNoForwardedHeaderUnlessTheAppChoseItsProxies() {
		// Every request reaches the worker from the proxy's loopback address.
		assertThat(WorkerSettings.settle(worker(PortSharing.PROXY, false), false))
			.containsEntry("server.tomcat.remoteip.internal-proxies", "");
		assertThat(WorkerSettings.settle(worker(PortSharing.PROXY, false), true))
			.doesNotContainKey("server.tomcat.remoteip.internal-proxies");
		assertThat(WorkerSettings.settle(worker(PortSharing.SHARED_SOCKET, false), false))
			.doesNotContainKey("server.tomcat.remoteip.internal-proxies");
	}

	private static WorkerEnvironment worker(PortSharing portSharing, boolean managementRelayed) {
		return new WorkerEnvironment(1, Path.of("/tmp/channel.sock"), "secret", portSharing, 8080, null,
				managementRelayed, Duration.ZERO);
	}

}
