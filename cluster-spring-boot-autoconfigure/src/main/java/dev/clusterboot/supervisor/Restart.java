package dev.clusterboot.supervisor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PM2's restart: drain and stop the workers, then start them again. Unlike a reload the slot
 * serves nothing in between, so restarting every worker at once is a short outage.
 */
final class Restart extends ClusterOperation {

	private final List<Worker> targets;

	private final Set<Integer> waiting = new HashSet<>();

	Restart(ClusterControl cluster, List<Worker> targets) {
		super("restart", cluster, "restarting " + targets.size() + " worker(s)");
		this.targets = targets;
	}

	@Override
	void start() {
		for (Worker worker : this.targets) {
			this.waiting.add(worker.id);
			this.cluster.restart(worker);
		}
	}

	@Override
	void workerReady(Worker worker) {
		if (this.waiting.remove(worker.id)) {
			if (this.waiting.isEmpty()) {
				succeed("restarted " + this.targets.size() + " worker(s)");
			}
			else {
				progress("waiting for worker(s) " + this.waiting);
			}
		}
	}

	@Override
	void workerErrored(Worker worker) {
		if (this.waiting.contains(worker.id)) {
			fail("worker " + worker.id + " did not come back: it is errored");
		}
	}

}
