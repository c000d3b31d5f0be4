package dev.clusterboot.contract;

/**
 * Where a worker slot is in its life, as the status table shows it.
 */
public enum WorkerState {

	/** Its JVM runs but has not reported readiness yet. */
	STARTING,

	/** Ready: Spring readiness is ACCEPTING_TRAFFIC. */
	ONLINE,

	/** Asked to shut down gracefully; killed if it outlives cluster.shutdown-timeout. */
	STOPPING,

	/** Exited unexpectedly; restarts after its back-off delay. */
	WAITING_RESTART,

	/** Given up after cluster.max-restarts unstable restarts. */
	ERRORED,

	/** Not running, on purpose. */
	STOPPED

}
