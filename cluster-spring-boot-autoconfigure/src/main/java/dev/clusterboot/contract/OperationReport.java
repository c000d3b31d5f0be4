package dev.clusterboot.contract;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An operation as the status shows it: running, or the last one, finished.
 *
 * @param id a short random id, named in the answer to the request and in the log
 * @param kind {@code reload}, {@code restart}, {@code scale}, or one the supervisor
 * started itself such as {@code memory-restart}
 * @param outcome where it stands
 * @param detail what it is doing, or how it ended
 * @param startedAt when it was accepted
 * @param finishedAt when it ended, {@code null} while it runs
 */
public record OperationReport(String id, String kind, Progress outcome, String detail, Instant startedAt,
		@Nullable Instant finishedAt) {

	/** Where an operation stands. */
	public enum Progress {

		RUNNING, SUCCEEDED, FAILED,

		/** A newer operation of the same kind took over its targets (a scale). */
		SUPERSEDED

	}

	/** Whether it still runs. */
	public boolean isRunning() {
		return this.outcome == Progress.RUNNING;
	}

}
