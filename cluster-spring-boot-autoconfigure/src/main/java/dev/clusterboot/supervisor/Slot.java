package dev.clusterboot.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.contract.WorkerStatus;

/**
 * A worker index and what serves it: its current JVM, during a reload the replacement
 * starting to take over, and the old JVMs still draining. It keeps the index's restart
 * history across JVMs, and what operations asked of it: to be replaced
 * ({@link #isOutdated()}) or restarted.
 */
final class Slot {

	/** Which of a slot's JVMs a process is. */
	enum Role {

		CURRENT, REPLACEMENT, RETIRING, NONE

	}

	/** Where a slot is in its life. */
	enum Phase {

		/** New, waiting for its turn to start. */
		QUEUED,

		/** A JVM serves it, or starts to. */
		RUNNING,

		/** Its JVM exited; it starts again once its back-off ends. */
		WAITING_RESTART,

		/** Given up: it is not started again unless an operation asks. */
		ERRORED,

		/** No JVM, and none to come: the cluster stops, or its JVM exited for good. */
		STOPPED

	}

	private final int index;

	private final RestartPolicy.History history;

	private @Nullable WorkerProcess current;

	private @Nullable WorkerProcess replacement;

	private final List<WorkerProcess> retiring = new ArrayList<>();

	/** Where the slot is in its life. */
	private Phase phase = Phase.QUEUED;

	/** The change an operation, or the supervisor, asked of it, until it is made. */
	private SlotChange change = SlotChange.NONE;

	/** When a slot {@link Phase#WAITING_RESTART} starts again. */
	private @Nullable Instant restartAt;

	private @Nullable Instant lastPromotion;

	private @Nullable Instant replacementFailedAt;

	private @Nullable String replacementFailure;

	/**
	 * The JVM that served the slot last, until another does: its start failure may come
	 * late.
	 */
	private @Nullable WorkerProcess lastExited;

	/**
	 * The app's own explanation of the slot's last failed start, until a JVM of it is
	 * ready.
	 */
	private @Nullable String startFailure;

	Slot(int index, RestartPolicy policy) {
		this.index = index;
		this.history = new RestartPolicy.History(policy);
	}

	int index() {
		return this.index;
	}

	RestartPolicy.History history() {
		return this.history;
	}

	@Nullable WorkerProcess current() {
		return this.current;
	}

	@Nullable WorkerProcess replacement() {
		return this.replacement;
	}

	/** Every JVM of this slot: current, replacement, draining. */
	Stream<WorkerProcess> processes() {
		return Stream.concat(Stream.ofNullable(this.current),
				Stream.concat(Stream.ofNullable(this.replacement), this.retiring.stream()));
	}

	Role roleOf(WorkerProcess process) {
		if (process == this.current) {
			return Role.CURRENT;
		}
		if (process == this.replacement) {
			return Role.REPLACEMENT;
		}
		return this.retiring.contains(process) ? Role.RETIRING : Role.NONE;
	}

	/** Where the slot is: its current JVM's state, or why it has none. */
	WorkerState state() {
		if (this.current != null) {
			return this.current.state();
		}
		return switch (this.phase) {
			case QUEUED -> WorkerState.QUEUED;
			case WAITING_RESTART -> WorkerState.WAITING_RESTART;
			case ERRORED -> WorkerState.ERRORED;
			case RUNNING, STOPPED -> WorkerState.STOPPED;
		};
	}

	boolean isOnline() {
		return this.current != null && this.current.isOnline();
	}

	boolean isErrored() {
		return this.phase == Phase.ERRORED;
	}

	/** A new JVM serves this slot from its start: it runs the app as it is now. */
	void started(WorkerProcess process) {
		this.current = process;
		this.lastExited = null;
		this.phase = Phase.RUNNING;
		this.restartAt = null;
		// A drain-first replacement's new JVM stays out of service until it is ready.
		this.change = (this.change == SlotChange.DRAIN_FIRST || this.change == SlotChange.REFILL) ? SlotChange.REFILL
				: SlotChange.NONE;
	}

	/** A new slot waits for its turn to start. */
	void queue() {
		this.phase = Phase.QUEUED;
	}

	boolean isQueued() {
		return this.phase == Phase.QUEUED;
	}

	/** Whether one of its JVMs is starting: it counts against the starts at once. */
	boolean isStarting() {
		return processes().anyMatch((process) -> process.isAlive() && process.state() == WorkerState.STARTING);
	}

	// ---- replacement, new JVM first

	/**
	 * An operation wants this slot served by a new JVM, the new one ready before the old
	 * drains.
	 */
	void markOutdated() {
		if (this.change == SlotChange.NONE) {
			this.change = SlotChange.REPLACE;
		}
	}

	/** The replacement is no longer wanted: the rollout it belonged to stopped. */
	void clearOutdated() {
		if (this.change == SlotChange.REPLACE) {
			this.change = SlotChange.NONE;
		}
	}

	boolean isOutdated() {
		return this.change == SlotChange.REPLACE;
	}

	/**
	 * Whether a replacement starts, or an old JVM still drains: the slot is in the middle
	 * of one.
	 */
	boolean isReplacing() {
		return this.replacement != null || !this.retiring.isEmpty() || isDrainingFirst();
	}

	/** Replace it drain-first: its JVM drains, then a new one starts in its place. */
	void drainFirst() {
		this.change = SlotChange.DRAIN_FIRST;
	}

	/** Replaced drain-first, from its drain until its new JVM is ready. */
	boolean isDrainingFirst() {
		return this.change == SlotChange.DRAIN_FIRST || this.change == SlotChange.REFILL;
	}

	void replacementStarted(WorkerProcess process) {
		this.replacement = process;
	}

	/**
	 * The ready replacement takes the slot over.
	 * @return the JVM it replaces, now draining, or {@code null} if the slot had none
	 */
	@Nullable WorkerProcess promote(Instant now) {
		WorkerProcess old = this.current;
		this.current = this.replacement;
		this.replacement = null;
		clearOutdated();
		this.phase = Phase.RUNNING;
		this.restartAt = null;
		this.lastPromotion = now;
		if (old != null) {
			this.retiring.add(old);
		}
		return old;
	}

	void replacementFailed(String reason, Instant now) {
		this.replacement = null;
		// A drain-first JVM already asked to drain is still started again.
		this.change = (this.change == SlotChange.DRAIN_FIRST || this.change == SlotChange.RESTART) ? SlotChange.RESTART
				: SlotChange.NONE;
		this.replacementFailedAt = now;
		this.replacementFailure = reason;
	}

	/** Whether a replacement of this slot failed at or after the given time, and why. */
	@Nullable String replacementFailureSince(Instant since) {
		return (this.replacementFailedAt != null && !this.replacementFailedAt.isBefore(since)) ? this.replacementFailure
				: null;
	}

	/** Whether a replacement took this slot over at or after the given time. */
	boolean promotedSince(Instant since) {
		return this.lastPromotion != null && !this.lastPromotion.isBefore(since);
	}

	// ---- restart, stop first

	void requestRestart() {
		this.change = isDrainingFirst() ? SlotChange.DRAIN_FIRST : SlotChange.RESTART;
	}

	/** Whether its JVM is to be stopped, then a new one started. */
	boolean isRestartRequested() {
		return this.change == SlotChange.RESTART || this.change == SlotChange.DRAIN_FIRST;
	}

	// ---- exits

	/**
	 * One of its JVMs exited: the slot forgets it, and says what the exit means.
	 * @param process the JVM
	 * @param stopping whether the cluster stops
	 * @return what the reaper does about it
	 */
	SlotExit exited(WorkerProcess process, boolean stopping) {
		switch (roleOf(process)) {
			case RETIRING -> {
				this.retiring.remove(process);
				return SlotExit.RETIRED;
			}
			case REPLACEMENT -> {
				return SlotExit.REPLACEMENT_FAILED;
			}
			case NONE -> {
				return SlotExit.UNKNOWN;
			}
			default -> {
			}
		}
		this.current = null;
		this.lastExited = process;
		this.phase = Phase.STOPPED;
		if (stopping) {
			return SlotExit.STOPPED;
		}
		return switch (this.change) {
			case DRAIN_FIRST -> SlotExit.DRAINED_FOR_REPLACEMENT;
			case RESTART -> SlotExit.RESTART;
			case REFILL -> (process.readyAt() == null) ? SlotExit.REFILL_FAILED : SlotExit.CRASHED;
			case NONE, REPLACE -> SlotExit.CRASHED;
		};
	}

	/** Start it again at the given time; an errored slot is given another chance. */
	void restartAt(Instant when) {
		this.phase = Phase.WAITING_RESTART;
		this.restartAt = when;
	}

	/** A JVM of this slot is ready: earlier start failures no longer explain anything. */
	void ready() {
		this.startFailure = null;
		if (this.change == SlotChange.REFILL) {
			this.change = SlotChange.NONE;
		}
		else if (this.change == SlotChange.DRAIN_FIRST) {
			this.change = SlotChange.RESTART;
		}
	}

	void startFailed(String explanation) {
		this.startFailure = explanation;
	}

	@Nullable String startFailure() {
		return this.startFailure;
	}

	/** Whether a JVM with this pid serves, or last served, this slot. */
	boolean ownedPid(long pid) {
		return processes().anyMatch((process) -> process.pid() == pid)
				|| (this.lastExited != null && this.lastExited.pid() == pid);
	}

	boolean isRestartDue(Instant now) {
		return this.current == null && this.replacement == null && this.phase == Phase.WAITING_RESTART
				&& this.restartAt != null && !now.isBefore(this.restartAt);
	}

	@Nullable Instant restartAt() {
		return (this.phase == Phase.WAITING_RESTART) ? this.restartAt : null;
	}

	void errored() {
		this.phase = Phase.ERRORED;
		this.restartAt = null;
	}

	/** The cluster stops: nothing waits to be started. */
	void stopped() {
		if (this.phase == Phase.QUEUED || this.phase == Phase.WAITING_RESTART) {
			this.phase = Phase.STOPPED;
		}
		this.restartAt = null;
	}

	// ---- status

	WorkerStatus status(Instant now, boolean usage) {
		WorkerStatus replacementStatus = (this.replacement != null) ? row(this.replacement, now, usage, null) : null;
		if (this.current == null) {
			return new WorkerStatus(this.index, null, state(), 0, this.history.restarts(), null, null, null,
					replacementStatus);
		}
		return row(this.current, now, usage, replacementStatus);
	}

	private WorkerStatus row(WorkerProcess process, Instant now, boolean usage,
			@Nullable WorkerStatus replacementStatus) {
		boolean alive = process.isAlive();
		return new WorkerStatus(this.index, alive ? process.pid() : null, process.state(),
				alive ? process.uptime(now).toSeconds() : 0, this.history.restarts(),
				(usage && alive) ? process.sampleCpuPercent(now) : null, usage ? process.jvm().residentMemory() : null,
				process.version(), replacementStatus);
	}

	@Override
	public String toString() {
		return "slot " + this.index + " " + state();
	}

}
