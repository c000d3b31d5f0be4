package dev.clusterboot.supervisor;

import java.util.List;

/**
 * The cluster as operations see it: the slots to observe, and the targets they may set,
 * which the supervisor's loop then converges to. Implemented by the supervisor, used on
 * its loop thread.
 */
interface SlotTargets {

	/** The slots, by index. */
	List<Slot> slots();

	/** JVMs of slots scaled away that still drain. */
	int leaving();

	/** Serve the slot by a new JVM: the new one ready first, then the old one drains. */
	void replace(int index);

	/** Drain the slot's JVM, then start it again. */
	void restart(int index);

	/** The number of slots wanted. */
	void scaleTo(int count);

}
