package dev.clusterboot.worker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A worker that joins while other workers serve takes few connections at first
 * ({@code cluster.slow-start}): its code still runs interpreted while the JIT compiles
 * it, so each request costs it many times what it costs a warm worker, and on busy cores
 * that CPU is taken from the warm workers. Its {@link ConnectionLimit} starts at one
 * connection and doubles {@value #DOUBLINGS} times over the window, then goes; the
 * connections it does not take wait in the shared accept queue for the warm workers. The
 * supervisor ends it early when no warm worker serves beside this one.
 */
public final class SlowStart {

	/** From 1 connection to 1024 over the window. */
	static final int DOUBLINGS = 10;

	private static final Log logger = LogFactory.getLog(SlowStart.class);

	private final Duration window;

	private final ConnectionLimit limit;

	private final LongSupplier nanoTime;

	private @Nullable ScheduledExecutorService ticks;

	private long beganAt;

	private boolean over;

	/**
	 * @param window how long it lasts; zero for none
	 * @param nanoTime the clock, {@code System::nanoTime} but in tests
	 */
	SlowStart(Duration window, LongSupplier nanoTime) {
		this.window = window;
		this.nanoTime = nanoTime;
		this.over = window.isZero() || window.isNegative();
		this.limit = new ConnectionLimit(this.over ? ConnectionLimit.NONE : 1);
	}

	/**
	 * A slow start, or none.
	 * @param window how long it lasts; zero for none
	 * @return the slow start
	 */
	public static SlowStart of(Duration window) {
		return new SlowStart(window, System::nanoTime);
	}

	/** The limit it sets, which the web server enforces. */
	public ConnectionLimit limit() {
		return this.limit;
	}

	/**
	 * The most connections at once after this much of the window: 1, doubling
	 * {@value #DOUBLINGS} times, then {@link ConnectionLimit#NONE}.
	 * @param elapsed time since it began
	 * @param window its length
	 * @return the limit
	 */
	static int limitAfter(Duration elapsed, Duration window) {
		if (elapsed.compareTo(window) >= 0) {
			return ConnectionLimit.NONE;
		}
		double share = Math.max(0, (double) elapsed.toNanos() / window.toNanos());
		return (int) Math.pow(2, Math.floor(DOUBLINGS * share));
	}

	/**
	 * The worker is ready: the window begins, the limit rises with it.
	 * @param instance the worker index, for the log
	 */
	public synchronized void begin(int instance) {
		if (this.over || this.ticks != null) {
			return;
		}
		logger.info("Worker " + instance + " starts slowly, beside warm workers: at most 1 connection at once, "
				+ "doubling to " + (1 << DOUBLINGS) + " over " + this.window.toMillis() + " ms (cluster.slow-start)");
		this.beganAt = this.nanoTime.getAsLong();
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cluster-slow-start");
			thread.setDaemon(true);
			return thread;
		});
		this.ticks = executor;
		long period = Math.max(1, this.window.toNanos() / (4L * DOUBLINGS));
		executor.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * The limit goes now: the window passed, or no warm worker serves beside this one.
	 * @param reason for the log, or {@code null} when the window passed
	 */
	public synchronized void end(@Nullable String reason) {
		if (this.over) {
			return;
		}
		this.over = true;
		this.limit.set(ConnectionLimit.NONE);
		if (this.ticks != null) {
			this.ticks.shutdown();
		}
		logger.info("Slow start over" + ((reason != null) ? ": " + reason : "") + "; no limit on connections");
	}

	synchronized void tick() {
		if (this.over || this.ticks == null) {
			return;
		}
		int max = limitAfter(Duration.ofNanos(this.nanoTime.getAsLong() - this.beganAt), this.window);
		if (max == ConnectionLimit.NONE) {
			end(null);
		}
		else {
			this.limit.set(max);
		}
	}

	/** Whether the limit is gone, or never was. */
	public synchronized boolean isOver() {
		return this.over;
	}

}
