package dev.clusterboot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Adds {@code cluster} to {@code /actuator/info}: the desired and ready instance counts,
 * the port-sharing mechanism, and the index of the worker that answered.
 */
public class ClusterInfoContributor implements InfoContributor {

	private final WorkerAgent agent;

	public ClusterInfoContributor(WorkerAgent agent) {
		this.agent = agent;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> cluster = new LinkedHashMap<>();
		ClusterStatus status = SupervisorQuery.await(this.agent.status(false), SupervisorQuery.TIMEOUT);
		if (status != null) {
			cluster.put("instances", status.instances());
			cluster.put("portSharing", status.portSharing());
		}
		cluster.put("answeredBy", this.agent.instance());
		builder.withDetail("cluster", cluster);
	}

}
