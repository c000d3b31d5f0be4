package dev.clusterboot.supervisor;

import java.time.Instant;
import java.util.List;

/**
 * PM2's reload, without its flaws: every targeted slot is served by a new JVM, which must
 * be ready before the old one drains (a timeout or an early exit is a failure, never a
 * success). The loop replaces up to {@code cluster.reload.max-surge} slots at a time, and
 * moves on once the old JVM has exited. A replacement that fails stops the rollout: the
 * old JVMs were never touched and keep serving.
 */
final class Reload extends ClusterOperation {

	private final List<Integer> targets;

	Reload(Instant now, List<Integer> targets) {
		this("reload", now, targets, "reloading " + targets.size() + " worker(s)");
	}

	/**
	 * A reload by another name, for the same drained replacement asked for another
	 * reason.
	 * @param kind what the operation is called in the status, the log and the meters
	 */
	Reload(String kind, Instant now, List<Integer> targets, String detail) {
		super(kind, now, detail);
		this.targets = List.copyOf(targets);
	}

	@Override
	void begin(SlotTargets cluster) {
		this.targets.forEach(cluster::replace);
	}

	@Override
	boolean isReload() {
		return true;
	}

	@Override
	void observe(SlotTargets cluster, Instant now) {
		List<Slot> slots = cluster.slots();
		int replaced = 0;
		StringBuilder inFlight = new StringBuilder();
		for (int index : this.targets) {
			Slot slot = slots.get(index);
			String failure = slot.replacementFailureSince(startedAt());
			if (failure != null) {
				fail("the replacement of worker " + index + " " + failure + "; " + promoted(slots) + " of "
						+ this.targets.size() + " worker(s) were reloaded, the others keep running their previous JVM",
						now);
				return;
			}
			if (!slot.isOutdated() && !slot.isReplacing() && slot.isOnline()) {
				replaced++;
			}
			else if (slot.isReplacing()) {
				inFlight.append((inFlight.length() > 0) ? ", " : "").append(index);
			}
		}
		if (replaced == this.targets.size()) {
			succeed("reloaded " + this.targets.size() + " worker(s)", now);
		}
		else {
			progress("replacing worker(s) [" + inFlight + "], " + replaced + " of " + this.targets.size() + " done");
		}
	}

	private long promoted(List<Slot> slots) {
		return this.targets.stream().filter((index) -> slots.get(index).promotedSince(startedAt())).count();
	}

}
