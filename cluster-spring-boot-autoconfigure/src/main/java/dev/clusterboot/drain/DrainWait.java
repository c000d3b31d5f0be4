package dev.clusterboot.drain;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a drain stops waiting for its connections: at once when none is left; when no
 * request, stream or session has been open, and none began or ended, for the drain period
 * (the connections left are kept-alive ones their clients leave idle); at the drain
 * timeout whatever is open. A kept-alive client that keeps sending is told to close by
 * each response, so it leaves well before the period ends; waiting for that, rather than
 * for a fixed time, is what keeps a slow app's last requests from meeting a closed
 * connection.
 */
final class DrainWait {

	/** Why the wait ended. */
	enum Outcome {

		NO_CONNECTIONS("no connection left"),

		QUIET("the connections left stayed idle"),

		TIMEOUT("cluster.drain-timeout reached");

		private final String reason;

		Outcome(String reason) {
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

	private final long startNanos;

	private final long periodNanos;

	private final long timeoutNanos;

	DrainWait(long startNanos, Duration period, Duration timeout) {
		this.startNanos = startNanos;
		this.periodNanos = period.toNanos();
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Whether the wait is over.
	 * @param nowNanos now, on {@link System#nanoTime()}'s scale
	 * @param connections the connections the servers still hold, or
	 * {@link DrainingServer#UNKNOWN}
	 * @param busy requests in flight and streams still open
	 * @param lastActivityNanos when a request last began or ended
	 * @return why it is over, or {@code null} to wait on
	 */
	@Nullable Outcome check(long nowNanos, int connections, int busy, long lastActivityNanos) {
		if (connections == 0) {
			return Outcome.NO_CONNECTIONS;
		}
		if (nowNanos - this.startNanos >= this.timeoutNanos) {
			return Outcome.TIMEOUT;
		}
		long quietSince = (lastActivityNanos - this.startNanos > 0) ? lastActivityNanos : this.startNanos;
		if (busy == 0 && nowNanos - quietSince >= this.periodNanos) {
			return Outcome.QUIET;
		}
		return null;
	}

	/** How long the drain has waited. */
	Duration elapsed(long nowNanos) {
		return Duration.ofNanos(nowNanos - this.startNanos);
	}

}
