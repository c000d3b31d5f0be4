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

	private final int index;

	private final RestartPolicy.History history;

	private @Nullable WorkerProcess current;

	private @Nullable WorkerProcess replacement;

	private final List<WorkerProcess> retiring = new ArrayList<>();

	private boolean outdated;

	private boolean restartRequested;

	/** Replaced drain-first: out of service from its drain until its new JVM is ready. */
	private boolean drainingFirst;

	private @Nullable Instant restartAt;

	/** New, waiting for its turn to start. */
	private boolean queued;

	private boolean errored;

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
		if (this.errored) {
			return WorkerState.ERRORED;
		}
		if (this.queued) {
			return WorkerState.QUEUED;
		}
		return (this.restartAt != null) ? WorkerState.WAITING_RESTART : WorkerState.STOPPED;
	}

	boolean isOnline() {
		return this.current != null && this.current.isOnline();
	}

	boolean isErrored() {
		return this.errored;
	}

	/** A new JVM serves this slot from its start: it runs the app as it is now. */
	void started(WorkerProcess process) {
		this.current = process;
		this.queued = false;
		this.lastExited = null;
		this.restartAt = null;
		this.errored = false;
		this.outdated = false;
		this.restartRequested = false;
	}

	/** A new slot waits for its turn to start. */
	void queue() {
		this.queued = true;
	}

	boolean isQueued() {
		return this.queued;
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
		this.outdated = true;
	}

	/** The replacement is no longer wanted: the rollout it belonged to stopped. */
	void clearOutdated() {
		this.outdated = false;
	}

	boolean isOutdated() {
		return this.outdated;
	}

	/**
	 * Whether a replacement starts, or an old JVM still drains: the slot is in the middle
	 * of one.
	 */
	boolean isReplacing() {
		return this.replacement != null || !this.retiring.isEmpty() || this.drainingFirst;
	}

	/** Replace it drain-first: its JVM drains, then a new one starts in its place. */
	void drainFirst() {
		this.drainingFirst = true;
		this.restartRequested = true;
	}

	boolean isDrainingFirst() {
		return this.drainingFirst;
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
		this.outdated = false;
		this.restartAt = null;
		this.errored = false;
		this.lastPromotion = now;
		if (old != null) {
			this.retiring.add(old);
		}
		return old;
	}

	void replacementFailed(String reason, Instant now) {
		this.replacement = null;
		this.drainingFirst = false;
		this.outdated = false;
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

	void retired(WorkerProcess process) {
		this.retiring.remove(process);
	}

	// ---- restart, stop first

	void requestRestart() {
		this.restartRequested = true;
	}

	boolean isRestartRequested() {
		return this.restartRequested;
	}

	// ---- exits

	void currentExited(WorkerProcess process) {
		this.current = null;
		this.lastExited = process;
	}

	/** Start it again at the given time; an errored slot is given another chance. */
	void restartAt(Instant when) {
		this.restartAt = when;
		this.queued = false;
		this.errored = false;
	}

	/** A JVM of this slot is ready: earlier start failures no longer explain anything. */
	void ready() {
		this.startFailure = null;
		this.drainingFirst = false;
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
		return this.current == null && this.replacement == null && this.restartAt != null
				&& !now.isBefore(this.restartAt);
	}

	@Nullable Instant restartAt() {
		return this.restartAt;
	}

	void errored() {
		this.errored = true;
		this.queued = false;
		this.restartAt = null;
	}

	/** The cluster stops: nothing waits to be restarted. */
	void stopped() {
		this.restartAt = null;
		this.queued = false;
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
