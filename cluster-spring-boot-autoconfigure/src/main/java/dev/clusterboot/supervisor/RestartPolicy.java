package dev.clusterboot.supervisor;

import java.time.Duration;

/**
 * When a worker that died on its own is started again: at once after a stable run, after
 * a growing delay otherwise, never after too many unstable restarts in a row, and, while
 * the app has never started anywhere, only a few times.
 *
 * @param minUptime a worker that exits before it was ready, or before it ran this long,
 * is unstable
 * @param maxRestarts unstable restarts in a row after which a worker is errored
 * @param startAttempts attempts each worker gets while no worker has been ready yet
 * @param initialDelay the delay before the first unstable restart
 * @param maxDelay the largest delay
 * @param multiplier the growth of the delay after each unstable restart
 */
public record RestartPolicy(Duration minUptime, int maxRestarts, int startAttempts, Duration initialDelay,
		Duration maxDelay, double multiplier) {

	/** What to do with a worker that died on its own. */
	enum Verdict {

		/** Start it again, after {@link History#delay()}. */
		RESTART,

		/** Too many unstable restarts in a row: give it up. */
		ERRORED,

		/**
		 * No worker was ever ready and this one used its start attempts: the app cannot
		 * start.
		 */
		GIVE_UP_STARTING

	}

	/**
	 * A slot's restart history, owned by the slot and changed only by these rules.
	 */
	static final class History {

		private final RestartPolicy policy;

		private int restarts;

		private int unstableRestarts;

		private int failedStarts;

		private int failedFirstStarts;

		private Duration backoff;

		private Duration delay = Duration.ZERO;

		History(RestartPolicy policy) {
			this.policy = policy;
			this.backoff = policy.initialDelay();
		}

		/**
		 * A JVM of this slot died on its own.
		 * @param wasReady whether it had been ready
		 * @param uptime how long it ran
		 * @param appEverStarted whether any worker of the cluster has been ready yet
		 * @return what to do with the slot
		 */
		Verdict crashed(boolean wasReady, Duration uptime, boolean appEverStarted) {
			if (!wasReady) {
				this.failedStarts++;
				if (!appEverStarted && ++this.failedFirstStarts >= this.policy.startAttempts()) {
					return Verdict.GIVE_UP_STARTING;
				}
			}
			if (wasReady && uptime.compareTo(this.policy.minUptime()) >= 0) {
				this.unstableRestarts = 0;
				this.backoff = this.policy.initialDelay();
				this.delay = Duration.ZERO;
			}
			else {
				if (++this.unstableRestarts > this.policy.maxRestarts()) {
					return Verdict.ERRORED;
				}
				this.delay = this.backoff;
				long next = (long) (this.backoff.toMillis() * this.policy.multiplier());
				this.backoff = Duration.ofMillis(Math.min(next, this.policy.maxDelay().toMillis()));
			}
			this.restarts++;
			return Verdict.RESTART;
		}

		/** JVMs of this slot that exited, or were killed, before they were ready. */
		int failedStarts() {
			return this.failedStarts;
		}

		/**
		 * A restart asked for (an operation), not a crash: counted, and the slot starts
		 * afresh.
		 */
		void restartedOnRequest() {
			this.restarts++;
			this.unstableRestarts = 0;
		}

		/** An operator started a given-up slot again: its unstable run is forgiven. */
		void forgive() {
			this.unstableRestarts = 0;
			this.failedFirstStarts = 0;
		}

		/** The delay decided by the last {@link Verdict#RESTART}. */
		Duration delay() {
			return this.delay;
		}

		int restarts() {
			return this.restarts;
		}

		int failedFirstStarts() {
			return this.failedFirstStarts;
		}

	}

}
