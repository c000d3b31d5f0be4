package dev.clusterboot.drain;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a worker's drain and its servers share: whether it drains, so that the servers end
 * each connection with its response, and the requests in flight, counted by the web
 * stack's filter, with when one last began or ended, so that the drain can tell a
 * kept-alive connection about to carry another request from one that stays idle.
 * Thread-safe.
 */
public final class DrainState {

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile long lastActivityNanos = System.nanoTime();

	private volatile boolean draining;

	/** Whether this worker drains: each response ends its connection from now on. */
	public boolean isDraining() {
		return this.draining;
	}

	/** The drain begins. */
	public void startDraining() {
		this.draining = true;
	}

	/** A request begins. */
	public void requestBegan() {
		this.inFlight.incrementAndGet();
		this.lastActivityNanos = System.nanoTime();
	}

	/** A request ends: its response is complete, an asynchronous one's included. */
	public void requestEnded() {
		this.inFlight.decrementAndGet();
		this.lastActivityNanos = System.nanoTime();
	}

	/** Requests in flight. */
	public int inFlight() {
		return this.inFlight.get();
	}

	/** When a request last began or ended, on {@link System#nanoTime()}'s scale. */
	public long lastActivityNanos() {
		return this.lastActivityNanos;
	}

}
