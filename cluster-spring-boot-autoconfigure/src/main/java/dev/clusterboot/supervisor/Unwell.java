package dev.clusterboot.supervisor;

import java.util.Locale;

import dev.clusterboot.contract.WorkerState;

/** How a ready worker can be unwell, and so replaced. */
enum Unwell {

	UNRESPONSIVE(WorkerState.UNRESPONSIVE), BROKEN(WorkerState.BROKEN);

	private final WorkerState state;

	Unwell(WorkerState state) {
		this.state = state;
	}

	/** What the status table shows for a JVM unwell so. */
	WorkerState state() {
		return this.state;
	}

	/** Its meter tag. */
	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
