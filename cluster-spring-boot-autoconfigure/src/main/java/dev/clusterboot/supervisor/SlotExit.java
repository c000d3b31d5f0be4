package dev.clusterboot.supervisor;

/** What a JVM's exit means to its slot, for the reaper to act on. */
enum SlotExit {

	/** A JVM the slot no longer knows. */
	UNKNOWN,

	/** An old JVM finished draining. */
	RETIRED,

	/** The replacement died before it took over: the rollout stops. */
	REPLACEMENT_FAILED,

	/** The cluster stops. */
	STOPPED,

	/** Drained for a drain-first replacement: the new JVM starts. */
	DRAINED_FOR_REPLACEMENT,

	/** Stopped for a restart: it starts again. */
	RESTART,

	/**
	 * A drain-first replacement's new JVM died before it was ready: the rollout stops.
	 */
	REFILL_FAILED,

	/** It died on its own. */
	CRASHED

}
