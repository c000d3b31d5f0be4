package dev.clusterboot.worker;

import java.time.Duration;

/**
 * The drain step of a worker that is leaving, between closing its listener and Spring's
 * graceful shutdown: for a short period every response says {@code Connection: close}, so
 * clients on kept-alive connections finish their current request here and open their next
 * connection to another worker, instead of finding the connection closed under them
 * later.
 */
public class Draining {

	private final Duration period;

	private volatile boolean draining;

	public Draining(Duration period) {
		this.period = period;
	}

	/** Whether responses should close their connection now. */
	public boolean isDraining() {
		return this.draining;
	}

	/** Start answering with {@code Connection: close}, and let the period pass. */
	void drain() {
		this.draining = true;
		if (this.period.isZero() || this.period.isNegative()) {
			return;
		}
		try {
			Thread.sleep(this.period.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
