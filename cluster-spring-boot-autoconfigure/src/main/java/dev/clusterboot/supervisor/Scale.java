package dev.clusterboot.supervisor;

import java.util.HashSet;
import java.util.Set;

/**
 * PM2's scale: up starts workers on the next free indexes; down drains and stops the highest.
 */
final class Scale extends ClusterOperation {

	private final int from;

	private final int to;

	private final Set<Integer> waiting = new HashSet<>();

	Scale(ClusterControl cluster, int from, int to) {
		super("scale", cluster, "scaling from " + from + " to " + to + " worker(s)");
		this.from = from;
		this.to = to;
	}

	@Override
	void start() {
		if (this.to > this.from) {
			for (int id = this.from; id < this.to; id++) {
				this.waiting.add(id);
				this.cluster.addWorker();
			}
		}
		else {
			for (int id = this.from - 1; id >= this.to; id--) {
				this.waiting.add(id);
				this.cluster.removeLastWorker();
			}
		}
		finishWhenDone();
	}

	@Override
	void workerReady(Worker worker) {
		if (this.to > this.from && this.waiting.remove(worker.id)) {
			finishWhenDone();
		}
	}

	@Override
	void retired(Worker worker) {
		if (this.to < this.from && this.waiting.remove(worker.id)) {
			finishWhenDone();
		}
	}

	@Override
	void workerErrored(Worker worker) {
		if (this.waiting.contains(worker.id)) {
			fail("new worker " + worker.id + " is errored; the cluster runs " + this.cluster.workers().size()
					+ " slot(s)");
		}
	}

	private void finishWhenDone() {
		if (this.waiting.isEmpty()) {
			succeed("scaled from " + this.from + " to " + this.to + " worker(s)");
		}
		else {
			progress("scaling from " + this.from + " to " + this.to + ", waiting for worker(s) " + this.waiting);
		}
	}

}
