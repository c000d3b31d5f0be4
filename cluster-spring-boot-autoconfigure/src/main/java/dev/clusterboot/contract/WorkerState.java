package dev.clusterboot.contract;

/**
 * Where a worker slot is in its life, as the status table shows it.
 */
public enum WorkerState {

	/** New, waiting for its turn to start: workers start a few at a time. */
	QUEUED,

	/** Its JVM runs but has not reported readiness yet. */
	STARTING,

	/** Ready: Spring readiness is ACCEPTING_TRAFFIC. */
	ONLINE,

	/**
	 * Was ready, but has not answered the supervisor for cluster.heartbeat-timeout
	 * (frozen, in a garbage collection without end): out of the rotation, being replaced.
	 */
	UNRESPONSIVE,

	/**
	 * Was ready, but its app set Spring's liveness to BROKEN: out of the rotation, being
	 * replaced.
	 */
	BROKEN,

	/** Asked to shut down gracefully; killed if it outlives cluster.shutdown-timeout. */
	STOPPING,

	/** Exited unexpectedly; restarts after its back-off delay. */
	WAITING_RESTART,

	/** Given up after cluster.max-restarts unstable restarts. */
	ERRORED,

	/** Not running, on purpose. */
	STOPPED

}
