package dev.clusterboot.worker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How many connections this worker's web server may hold at once, set by its
 * {@link SlowStart}. A server at the limit stops accepting: new connections wait in the
 * shared accept queue, where the other workers take them. No limit unless a slow start
 * sets one. Thread-safe.
 */
public final class ConnectionLimit {

	/** No limit. */
	public static final int NONE = Integer.MAX_VALUE;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile int max;

	ConnectionLimit(int max) {
		this.max = max;
	}

	/** A limit that no slow start changes. */
	public static ConnectionLimit none() {
		return new ConnectionLimit(NONE);
	}

	/**
	 * Whether the server may accept one more connection.
	 * @param held the connections it holds
	 * @return whether it may
	 */
	public boolean admits(long held) {
		return held < this.max;
	}

	/** The most connections held at once, {@link #NONE} for no limit. */
	public int max() {
		return this.max;
	}

	/**
	 * Be told when the limit changes, to accept again at once when it rises.
	 * @param listener called on the thread that changes it
	 */
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	void set(int max) {
		if (this.max != max) {
			this.max = max;
			this.listeners.forEach(Runnable::run);
		}
	}

}
