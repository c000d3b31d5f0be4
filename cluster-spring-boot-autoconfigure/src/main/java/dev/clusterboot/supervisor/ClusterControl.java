package dev.clusterboot.supervisor;

import java.util.List;

/**
 * What an operation may do to the cluster. Implemented by the supervisor; called, like every
 * operation hook, on the supervisor's loop thread only.
 */
interface ClusterControl {

	/** The worker slots, by index. */
	List<Worker> workers();

	/** Start a new JVM for the slot, which takes over once it is ready. */
	void startReplacement(int id);

	/** Drain the slot's JVM and start it again when it has exited. */
	void restart(Worker worker);

	/** Add a slot at the next index and start its JVM. */
	void addWorker();

	/** Remove the highest slot, draining its JVM. */
	void removeLastWorker();

	/** The operation succeeded or failed: log it and count it. */
	void finished(ClusterOperation operation);

}
