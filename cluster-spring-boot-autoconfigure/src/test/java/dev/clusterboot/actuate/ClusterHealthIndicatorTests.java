package dev.clusterboot.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.contract.WorkerStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule of the {@code cluster} health component.
 */
class ClusterHealthIndicatorTests {

	@Test
	void halfTheWorkersRoundedUpAndAtLeastOneMustBeReadyByDefault() {
		assertThat(ClusterHealthIndicator.requiredReady(1, 0.5)).isEqualTo(1);
		assertThat(ClusterHealthIndicator.requiredReady(2, 0.5)).isEqualTo(1);
		assertThat(ClusterHealthIndicator.requiredReady(3, 0.5)).isEqualTo(2);
		assertThat(ClusterHealthIndicator.requiredReady(4, 0.5)).isEqualTo(2);
	}

	@Test
	void theThresholdNeverAsksForNoneOrForMoreThanTheDesiredCount() {
		assertThat(ClusterHealthIndicator.requiredReady(4, 0)).isEqualTo(1);
		assertThat(ClusterHealthIndicator.requiredReady(4, 1)).isEqualTo(4);
		assertThat(ClusterHealthIndicator.requiredReady(4, 2)).isEqualTo(4);
	}

	@Test
	void belowTheThresholdTheClusterIsOutOfServiceWithItsWorkersInTheDetails() {
		Health health = ClusterHealthIndicator.evaluate(status(4, 1), 0.5);
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("ready", 1).containsEntry("required", 2);
		assertThat(ClusterHealthIndicator.evaluate(status(4, 2), 0.5).getStatus()).isEqualTo(Status.UP);
	}

	@SuppressWarnings("unchecked")
	@Test
	void theDetailsNameEachWorkerItsPidAndState() {
		Health health = ClusterHealthIndicator.evaluate(status(2, 2), 0.5);
		List<Map<String, Object>> workers = (List<Map<String, Object>>) health.getDetails().get("workers");
		assertThat(workers).containsExactly(Map.of("id", 0, "pid", 100L, "state", WorkerState.ONLINE),
				Map.of("id", 1, "pid", 101L, "state", WorkerState.ONLINE));
	}

	private static ClusterStatus status(int desired, int online) {
		List<WorkerStatus> workers = new java.util.ArrayList<>();
		for (int id = 0; id < desired; id++) {
			workers.add(new WorkerStatus(id, 100L + id, (id < online) ? WorkerState.ONLINE : WorkerState.STARTING, 5, 0,
					null, null, null, null));
		}
		return new ClusterStatus("shared-socket", 8080, new ClusterStatus.Instances(desired, online), null, workers);
	}

}
