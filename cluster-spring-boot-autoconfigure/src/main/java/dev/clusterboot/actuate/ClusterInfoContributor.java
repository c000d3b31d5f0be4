package dev.clusterboot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.clusterboot.worker.WorkerAgent;

/**
 * Adds {@code cluster} to {@code /actuator/info}: the desired and ready instance counts, the
 * port-sharing mechanism, and the index of the worker that answered.
 */
public class ClusterInfoContributor implements InfoContributor {

	private final WorkerAgent agent;

	public ClusterInfoContributor(WorkerAgent agent) {
		this.agent = agent;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> cluster = new LinkedHashMap<>();
		Map<String, Object> status = SupervisorQuery.summary(this.agent);
		if (status != null) {
			cluster.put("instances", status.get("instances"));
			cluster.put("portSharing", status.get("portSharing"));
		}
		cluster.put("answeredBy", this.agent.instance());
		builder.withDetail("cluster", cluster);
	}

}
