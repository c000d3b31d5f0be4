package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A change the supervisor carries out over time (a reload, a restart, a scale), one at a time.
 * The supervisor's loop tells it what happens to workers through the hooks; it answers by acting
 * on the {@link ClusterControl} and, eventually, by succeeding or failing.
 */
abstract class ClusterOperation {

	enum Outcome {

		RUNNING, SUCCEEDED, FAILED

	}

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	private final String kind;

	private final Instant startedAt = Instant.now();

	private Instant finishedAt;

	private Outcome outcome = Outcome.RUNNING;

	private String detail;

	protected final ClusterControl cluster;

	ClusterOperation(String kind, ClusterControl cluster, String detail) {
		this.kind = kind;
		this.cluster = cluster;
		this.detail = detail;
	}

	/** Begin; called once, right after the operation is accepted. */
	abstract void start();

	/** A replacement JVM for {@code fresh.id} is ready and has taken over from {@code old}. */
	void replacementReady(Worker old, Worker fresh) {
	}

	/** A replacement JVM exited or timed out before it was ready. */
	void replacementFailed(Worker fresh, String reason) {
	}

	/** A drained JVM has exited. */
	void retired(Worker worker) {
	}

	/** A slot's JVM became ready. */
	void workerReady(Worker worker) {
	}

	/** A slot was given up (errored). */
	void workerErrored(Worker worker) {
	}

	final boolean isRunning() {
		return this.outcome == Outcome.RUNNING;
	}

	final String id() {
		return this.id;
	}

	final String kind() {
		return this.kind;
	}

	protected final void progress(String detail) {
		this.detail = detail;
	}

	protected final void succeed(String detail) {
		finish(Outcome.SUCCEEDED, detail);
	}

	protected final void fail(String detail) {
		finish(Outcome.FAILED, detail);
	}

	private void finish(Outcome outcome, String detail) {
		if (isRunning()) {
			this.outcome = outcome;
			this.detail = detail;
			this.finishedAt = Instant.now();
			this.cluster.finished(this);
		}
	}

	/** How long it ran, or has run so far. */
	final Duration duration() {
		return Duration.between(this.startedAt, (this.finishedAt != null) ? this.finishedAt : Instant.now());
	}

	final Outcome outcome() {
		return this.outcome;
	}

	final Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("id", this.id);
		description.put("kind", this.kind);
		description.put("outcome", this.outcome.name());
		description.put("detail", this.detail);
		description.put("startedAt", this.startedAt.toString());
		if (this.finishedAt != null) {
			description.put("finishedAt", this.finishedAt.toString());
		}
		return description;
	}

}
