package dev.clusterboot.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The cluster as {@code GET /actuator/cluster} shows it.
 *
 * @param portSharing the port-sharing mechanism, {@code none} without a web server
 * @param port the public port, {@code null} without a web server
 * @param instances desired and ready worker counts
 * @param operation the operation running, or the last one; {@code null} before the first
 * @param workers one row per worker slot, by index
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterStatus(String portSharing, @Nullable Integer port, Instances instances,
		@Nullable OperationReport operation, List<WorkerStatus> workers) {

	/**
	 * How many workers are wanted, and how many are ready.
	 *
	 * @param desired the wanted number of workers
	 * @param online the slots whose JVM is ready
	 */
	public record Instances(int desired, int online) {
	}

}
