package dev.clusterboot.supervisor;

import java.time.Instant;

import dev.clusterboot.supervisor.metrics.SupervisorMeters;
import dev.clusterboot.supervisor.process.ProcessLauncher;

/**
 * The loop's steps that bring the slots to their targets: restart what is due, reconcile
 * the slots with the wanted count and with what operations asked of them, and start new
 * slots a few at a time. Each is one step of the {@link Supervisor}'s list, skipped once
 * the cluster stops.
 */
final class Convergence {

	private final SupervisorSettings settings;

	private final WorkerPool pool;

	private final WorkerStarts starts;

	private final Rotation rotation;

	private final SupervisorMeters meters;

	private final ProcessLauncher launcher;

	Convergence(SupervisorSettings settings, WorkerPool pool, WorkerStarts starts, Rotation rotation,
			SupervisorMeters meters, ProcessLauncher launcher) {
		this.settings = settings;
		this.pool = pool;
		this.starts = starts;
		this.rotation = rotation;
		this.meters = meters;
		this.launcher = launcher;
	}

	/** Start again the slots whose back-off has passed. */
	void restartDue(Instant now) {
		this.pool.slots()
			.stream()
			.filter((slot) -> slot.isRestartDue(now))
			.toList()
			.forEach((slot) -> this.starts.spawn(slot, now));
	}

	/**
	 * Converge the slots to their targets: the wanted count, ready replacements promoted
	 * (their old JVMs drain), restarts asked for, and up to
	 * {@code cluster.reload.max-surge} and {@code max-unavailable} outdated slots being
	 * replaced at a time. A slot counts as being replaced until its old JVM has exited.
	 */
	void reconcile(Instant now) {
		while (this.pool.needsSlot()) {
			Slot slot = this.pool.addSlot();
			this.meters.slotAdded(slot.index(), () -> (slot.current() != null) ? slot.current().jvm() : null);
			slot.queue();
		}
		while (this.pool.hasSlotTooMany()) {
			Slot removed = this.pool.removeLastSlot();
			this.meters.slotRemoved(removed.index());
			removed.processes().forEach((process) -> this.starts.retire(process, now));
		}
		for (Slot slot : this.pool.slots()) {
			WorkerProcess fresh = slot.replacement();
			if (fresh != null && fresh.isOnline()) {
				WorkerProcess old = slot.promote(now);
				this.rotation.enter(fresh);
				if (old != null) {
					this.starts.stop(old, now);
				}
			}
			if (slot.isRestartRequested()) {
				if (slot.current() != null) {
					this.starts.stop(slot.current(), now);
				}
				else {
					slot.history().forgive();
					this.starts.spawn(slot, now);
				}
			}
		}
		// What JVMs start from is made once the cluster is up; replacements wait for it.
		if (!this.pool.hasBeenAllReady() || this.launcher.prepare()) {
			WorkerPool.Rollout rollout = this.pool.rollout(this.settings.maxSurge(), this.settings.maxUnavailable(),
					now);
			rollout.surge().forEach((slot) -> this.starts.startReplacement(slot, now));
			rollout.drainFirst().forEach((slot) -> this.starts.drainFirst(slot, now));
		}
	}

	/**
	 * Start new slots a few at a time: a scale to many workers must not start them all on
	 * the same cores at once, or none gets ready in time.
	 */
	void startQueued(Instant now) {
		long starting = this.pool.slots().stream().filter(Slot::isStarting).count();
		this.pool.slots()
			.stream()
			.filter(Slot::isQueued)
			.limit(Math.max(0, this.settings.startConcurrency() - starting))
			.toList()
			.forEach((slot) -> this.starts.spawn(slot, now));
	}

}
