package dev.clusterboot.autoconfigure;

import java.time.Duration;

/**
 * Delay before an unstable worker is restarted: it grows by the multiplier after each
 * unstable restart, up to the maximum, and starts again from the initial delay once a
 * worker has run longer than 'cluster.min-uptime'.
 */
public class RestartBackoffProperties {

	/**
	 * Delay before the first restart of a worker that exited unstably.
	 */
	private Duration initialDelay = Duration.ofMillis(500);

	/**
	 * Largest delay between two restarts.
	 */
	private Duration maxDelay = Duration.ofSeconds(15);

	/**
	 * Factor applied to the delay after each unstable restart.
	 */
	private double multiplier = 1.5;

	public Duration getInitialDelay() {
		return this.initialDelay;
	}

	public void setInitialDelay(Duration initialDelay) {
		this.initialDelay = initialDelay;
	}

	public Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

}
