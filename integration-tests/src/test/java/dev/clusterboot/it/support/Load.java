package dev.clusterboot.it.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests or calls kept going against a cluster from threads of its own, counting what
 * succeeds and what fails, without retries, as wrk does. Bounded by the test:
 * {@link #close()} stops every thread.
 */
public abstract class Load implements AutoCloseable {

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private volatile boolean running = true;

	/** Start a thread that runs the body until the load is closed. */
	protected final void start(Runnable body, String name) {
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	protected final boolean isRunning() {
		return this.running;
	}

	protected final void recordSuccess() {
		this.succeeded.incrementAndGet();
	}

	/** A failure while the load runs; one after {@link #close()} is the test's own. */
	protected final void recordFailure(String failure) {
		if (this.running) {
			this.failed.incrementAndGet();
			if (this.failures.size() < 10) {
				this.failures.add(failure);
			}
		}
	}

	public final long succeeded() {
		return this.succeeded.get();
	}

	public final long failed() {
		return this.failed.get();
	}

	/** The first failures, for the assertion message. */
	public final List<String> failures() {
		return List.copyOf(this.failures);
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(15000);
		}
	}

}
