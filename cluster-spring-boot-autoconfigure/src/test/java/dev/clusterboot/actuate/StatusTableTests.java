package dev.clusterboot.actuate;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.contract.WorkerStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status as a table for a person, like {@code pm2 ls}.
 */
class StatusTableTests {

	@Test
	void eachWorkerIsARowAndAReplacementARowMarkedPlus() {
		WorkerStatus replacement = new WorkerStatus(0, 43L, WorkerState.STARTING, 2, 1, null, null, "app.jar", null);
		ClusterStatus status = new ClusterStatus("shared-socket", 8080, new ClusterStatus.Instances(2, 2),
				new OperationReport("ab12cd34", "reload", OperationReport.Progress.RUNNING, "replacing worker(s) [0]",
						Instant.EPOCH, null),
				List.of(new WorkerStatus(0, 42L, WorkerState.ONLINE, 3700, 1, 12.5, 210_000_000L, "app.jar",
						replacement),
						new WorkerStatus(1, null, WorkerState.WAITING_RESTART, 0, 3, null, null, null, null)));
		assertThat(StatusTable.of(status).lines()).containsExactly(
				"cluster on port 8080, port sharing shared-socket, 2 of 2 worker(s) online",
				"operation reload ab12cd34: RUNNING (replacing worker(s) [0])",
				"id  pid      state            uptime    restarts cpu     memory     version",
				"0   42       ONLINE           1h1m      1        12.5%   210.0 MB   app.jar",
				"+0  43       STARTING         2s        1        -       -          app.jar",
				"1   -        WAITING_RESTART  0s        3        -       -          -");
	}

	@Test
	void theOtherServersSharedPortsFollowTheWebServers() {
		ClusterStatus status = new ClusterStatus("shared-socket", 8080, new ClusterStatus.Instances(2, 2), null,
				List.of(),
				List.of(new ClusterStatus.ServerPort("grpc", 9090), new ClusterStatus.ServerPort("rsocket", 7000)));
		assertThat(StatusTable.of(status)).startsWith(
				"cluster on port 8080, grpc port 9090, rsocket port 7000, port sharing shared-socket, 2 of 2 worker(s) online");
		ClusterStatus grpcOnly = new ClusterStatus("proxy", null, new ClusterStatus.Instances(1, 1), null, List.of(),
				List.of(new ClusterStatus.ServerPort("grpc", 9090)));
		assertThat(StatusTable.of(grpcOnly)).startsWith("cluster on grpc port 9090, port sharing proxy, 1 of 1");
	}

	@Test
	void withoutAWebServerThereIsNoPort() {
		ClusterStatus status = new ClusterStatus("none", null, new ClusterStatus.Instances(1, 0), null,
				List.of(new WorkerStatus(0, 42L, WorkerState.STARTING, 1, 0, null, null, null, null)));
		assertThat(StatusTable.of(status)).startsWith("cluster without a port, 0 of 1 worker(s) online");
	}

}
