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
 * @param servers the public ports of the app's other servers (gRPC, RSocket) that the
 * workers share, as they reported them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterStatus(String portSharing, @Nullable Integer port, Instances instances,
		@Nullable OperationReport operation, List<WorkerStatus> workers,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ServerPort> servers) {

	/** A cluster whose app has no other server. */
	public ClusterStatus(String portSharing, @Nullable Integer port, Instances instances,
			@Nullable OperationReport operation, List<WorkerStatus> workers) {
		this(portSharing, port, instances, operation, workers, List.of());
	}

	public ClusterStatus {
		servers = List.copyOf(servers);
	}

	/**
	 * One of the app's other servers, on its public port.
	 *
	 * @param server its label, such as {@code grpc}
	 * @param port its public port
	 */
	public record ServerPort(String server, int port) {
	}

	/**
	 * How many workers are wanted, and how many are ready.
	 *
	 * @param desired the wanted number of workers
	 * @param online the slots whose JVM is ready
	 */
	public record Instances(int desired, int online) {
	}

}
