package dev.clusterboot.supervisor;

import java.util.function.Supplier;

/**
 * Which worker JVMs new connections may reach, where the supervisor routes them: a JVM
 * enters once it serves its slot ready, and leaves once, whichever comes first of being
 * asked to drain, being found unwell, and exiting.
 */
final class Rotation {

	private final Supplier<ClusterSockets> resources;

	Rotation(Supplier<ClusterSockets> resources) {
		this.resources = resources;
	}

	/** New connections may reach this ready JVM. */
	void enter(WorkerProcess process) {
		if (!process.hasLeftRotation()) {
			this.resources.get().route(process);
		}
	}

	/** No new connection may reach this JVM: it drains, is unwell, or is gone. */
	void leave(WorkerProcess process) {
		if (process.leaveRotation()) {
			this.resources.get().unroute(process.pid());
		}
	}

}
