package dev.clusterboot.supervisor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PM2's reload, without its flaws: for each worker in turn, start the replacement first, wait
 * until it is ready (a timeout or an early exit is a failure, never a success), only then drain
 * and stop the old JVM, and move on once it has exited. A failed replacement stops the reload;
 * the old workers were never touched and keep serving.
 */
final class RollingReload extends ClusterOperation {

	private final Deque<Integer> pending;

	private final int parallelism;

	private final Set<Integer> inFlight = new HashSet<>();

	private final int total;

	private int done;

	RollingReload(ClusterControl cluster, List<Integer> ids, int parallelism) {
		this("reload", cluster, ids, parallelism, "reloading " + ids.size() + " worker(s)");
	}

	/**
	 * A reload by another name, for the same drained replacement asked for another reason.
	 * @param kind what the operation is called in the status, the log and the meters
	 */
	RollingReload(String kind, ClusterControl cluster, List<Integer> ids, int parallelism, String detail) {
		super(kind, cluster, detail);
		this.pending = new ArrayDeque<>(ids);
		this.parallelism = Math.max(1, parallelism);
		this.total = ids.size();
	}

	@Override
	void start() {
		advance();
	}

	private void advance() {
		while (this.inFlight.size() < this.parallelism && !this.pending.isEmpty()) {
			int id = this.pending.poll();
			this.inFlight.add(id);
			this.cluster.startReplacement(id);
		}
		if (this.inFlight.isEmpty() && this.pending.isEmpty()) {
			succeed("reloaded " + this.total + " worker(s)");
		}
		else {
			progress("replacing worker(s) " + this.inFlight + ", " + this.done + " of " + this.total + " done");
		}
	}

	@Override
	void replacementReady(Worker old, Worker fresh) {
		progress("worker " + fresh.id + " replaced by pid " + fresh.pid() + ", draining pid " + old.pid());
	}

	@Override
	void retired(Worker worker) {
		if (this.inFlight.remove(worker.id)) {
			this.done++;
			if (isRunning()) {
				advance();
			}
		}
	}

	@Override
	void replacementFailed(Worker fresh, String reason) {
		this.inFlight.remove(fresh.id);
		this.pending.clear();
		fail("the replacement of worker " + fresh.id + " " + reason + "; " + this.done + " of " + this.total
				+ " worker(s) were reloaded, the others keep running their previous JVM");
	}

}
