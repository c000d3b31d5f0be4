package dev.clusterboot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.worker.WorkerAgent;

/**
 * The {@code cluster} health component, the same whichever worker answers: UP while at
 * least {@code cluster.health.ready-threshold} of the desired workers are ready (half, by
 * default, and at least one), OUT_OF_SERVICE below that, DOWN when the supervisor does
 * not answer. Its details list every worker with its pid and state.
 */
public class ClusterHealthIndicator implements HealthIndicator {

	private final WorkerAgent agent;

	private final double readyThreshold;

	public ClusterHealthIndicator(WorkerAgent agent, double readyThreshold) {
		this.agent = agent;
		this.readyThreshold = readyThreshold;
	}

	@Override
	public Health health() {
		// A summary: no worker's CPU or memory is read for a probe.
		ClusterStatus status = SupervisorQuery.await(this.agent.status(false), SupervisorQuery.TIMEOUT);
		if (status == null) {
			return Health.down().withDetail("message", "The supervisor did not answer").build();
		}
		return evaluate(status, this.readyThreshold);
	}

	/**
	 * The health of a cluster status as the supervisor reports it.
	 * @param status the status
	 * @param readyThreshold the fraction of the desired workers that must be ready
	 * @return UP or OUT_OF_SERVICE, with the counts and the workers as details
	 */
	static Health evaluate(ClusterStatus status, double readyThreshold) {
		int desired = status.instances().desired();
		int ready = status.instances().online();
		int required = requiredReady(desired, readyThreshold);
		Health.Builder health = (ready >= required) ? Health.up() : Health.outOfService();
		health.withDetail("ready", ready).withDetail("desired", desired).withDetail("required", required);
		List<Map<String, Object>> workers = status.workers().stream().map((worker) -> {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("id", worker.id());
			detail.put("pid", worker.pid());
			detail.put("state", worker.state());
			return detail;
		}).toList();
		return health.withDetail("workers", workers).build();
	}

	/** At least one, and never more than the desired count. */
	static int requiredReady(int desired, double readyThreshold) {
		return Math.max(1, Math.min(desired, (int) Math.ceil(desired * readyThreshold)));
	}

}
