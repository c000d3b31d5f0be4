package dev.clusterboot.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.clusterboot.worker.WorkerAgent;

/**
 * The {@code cluster} health component, the same whichever worker answers: UP while at least
 * {@code cluster.health.ready-threshold} of the desired workers are ready (half, by default, and
 * at least one), OUT_OF_SERVICE below that, DOWN when the supervisor does not answer. Its details
 * list every worker with its pid and state.
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
		Map<String, Object> status = SupervisorQuery.summary(this.agent);
		if (status == null) {
			return Health.down().withDetail("message", "The supervisor did not answer").build();
		}
		return evaluate(status, this.readyThreshold);
	}

	/**
	 * The health of a cluster status as the supervisor reports it.
	 * @param status the status, as {@code GET /actuator/cluster} shows it
	 * @param readyThreshold the fraction of the desired workers that must be ready
	 * @return UP or OUT_OF_SERVICE, with the counts and the workers as details
	 */
	@SuppressWarnings("unchecked")
	static Health evaluate(Map<String, Object> status, double readyThreshold) {
		Map<String, Object> instances = (Map<String, Object>) status.get("instances");
		int desired = ((Number) instances.get("desired")).intValue();
		int ready = ((Number) instances.get("online")).intValue();
		int required = requiredReady(desired, readyThreshold);
		Health.Builder health = (ready >= required) ? Health.up() : Health.outOfService();
		health.withDetail("ready", ready).withDetail("desired", desired).withDetail("required", required);
		health.withDetail("workers", workers(status.get("workers")));
		return health.build();
	}

	/** At least one, and never more than the desired count. */
	static int requiredReady(int desired, double readyThreshold) {
		return Math.max(1, Math.min(desired, (int) Math.ceil(desired * readyThreshold)));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> workers(@Nullable Object rows) {
		List<Map<String, Object>> workers = new ArrayList<>();
		if (rows instanceof List<?> list) {
			for (Object row : list) {
				Map<String, Object> worker = (Map<String, Object>) row;
				Map<String, Object> detail = new LinkedHashMap<>();
				detail.put("id", worker.get("id"));
				detail.put("pid", worker.get("pid"));
				detail.put("state", worker.get("state"));
				workers.add(detail);
			}
		}
		return workers;
	}

}
