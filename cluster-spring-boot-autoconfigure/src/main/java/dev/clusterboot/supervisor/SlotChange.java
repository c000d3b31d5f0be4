package dev.clusterboot.supervisor;

/** The change asked of a slot, until it is made. */
enum SlotChange {

	NONE,

	/** Serve it by a new JVM, ready before the old one drains (it is outdated). */
	REPLACE,

	/** Stop its JVM, then start it again. */
	RESTART,

	/** Replaced drain-first: its JVM drains, then a new one starts. */
	DRAIN_FIRST,

	/**
	 * Replaced drain-first, its new JVM started: out of service until it is ready.
	 */
	REFILL

}
