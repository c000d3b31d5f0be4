package dev.clusterboot.supervisor;

import java.time.Instant;
import java.util.List;

/**
 * PM2's restart: drain and stop the workers, then start them again. Unlike a reload the
 * slot serves nothing in between, so restarting every worker at once is a short outage.
 */
final class Restart extends ClusterOperation {

	private final List<Integer> targets;

	Restart(Instant now, List<Integer> targets) {
		super("restart", now, "restarting " + targets.size() + " worker(s)");
		this.targets = List.copyOf(targets);
	}

	@Override
	void begin(SlotTargets cluster) {
		this.targets.forEach(cluster::restart);
	}

	@Override
	void observe(SlotTargets cluster, Instant now) {
		List<Slot> slots = cluster.slots();
		StringBuilder waiting = new StringBuilder();
		for (int index : this.targets) {
			Slot slot = slots.get(index);
			if (slot.isErrored()) {
				fail("worker " + index + " did not come back: it is errored", now);
				return;
			}
			WorkerProcess current = slot.current();
			boolean back = current != null && current.isOnline() && !current.startedAt().isBefore(startedAt());
			if (!back) {
				waiting.append((waiting.length() > 0) ? ", " : "").append(index);
			}
		}
		if (waiting.length() == 0) {
			succeed("restarted " + this.targets.size() + " worker(s)", now);
		}
		else {
			progress("waiting for worker(s) [" + waiting + "]");
		}
	}

}
