package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.OperationReport.Progress;

/**
 * A change asked of the cluster, one at a time. {@link #begin} sets the targets the loop
 * converges to; after each pass of the loop {@link #observe} reads where the slots stand,
 * and the operation succeeds or fails by what it sees. It never starts or stops a JVM
 * itself.
 */
abstract class ClusterOperation {

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	private final String kind;

	private final Instant startedAt;

	private @Nullable Instant finishedAt;

	private Progress outcome = Progress.RUNNING;

	private String detail;

	ClusterOperation(String kind, Instant startedAt, String detail) {
		this.kind = kind;
		this.startedAt = startedAt;
		this.detail = detail;
	}

	/** Set the targets; called once, right after the operation is accepted. */
	abstract void begin(SlotTargets cluster);

	/**
	 * Read where the slots stand, after a pass of the loop, and succeed or fail by it.
	 */
	abstract void observe(SlotTargets cluster, Instant now);

	/** Whether it is a rolling reload, which the reload meters time. */
	boolean isReload() {
		return false;
	}

	final boolean isRunning() {
		return this.outcome == Progress.RUNNING;
	}

	final String id() {
		return this.id;
	}

	final String kind() {
		return this.kind;
	}

	final Instant startedAt() {
		return this.startedAt;
	}

	protected final void progress(String detail) {
		this.detail = detail;
	}

	protected final void succeed(String detail, Instant now) {
		finish(Progress.SUCCEEDED, detail, now);
	}

	protected final void fail(String detail, Instant now) {
		finish(Progress.FAILED, detail, now);
	}

	/**
	 * Whether a new request may take over from this running operation instead of waiting
	 * for it: a scale may be superseded by another, so that an operator can always get
	 * back.
	 */
	boolean isSupersededBy(OperationRequest request) {
		return false;
	}

	final void superseded(String by, Instant now) {
		finish(Progress.SUPERSEDED, "superseded by operation " + by, now);
	}

	private void finish(Progress outcome, String detail, Instant now) {
		if (isRunning()) {
			this.outcome = outcome;
			this.detail = detail;
			this.finishedAt = now;
		}
	}

	/** How long it ran, or has run so far. */
	final Duration duration(Instant now) {
		return Duration.between(this.startedAt, (this.finishedAt != null) ? this.finishedAt : now);
	}

	final OperationReport report() {
		return new OperationReport(this.id, this.kind, this.outcome, this.detail, this.startedAt, this.finishedAt);
	}

}
