package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;

import dev.clusterboot.channel.ChannelServer;

/**
 * One worker slot: a stable index and the JVM currently running for it. Only the supervisor's
 * loop thread reads or writes it, so it needs no locking.
 */
final class Worker {

	final int id;

	WorkerState state = WorkerState.STOPPED;

	Process process;

	ChannelServer.Connection connection;

	/** The loopback port the worker serves on, once online. */
	int port;

	Instant startedAt;

	Instant readyAt;

	/** When a starting worker is late, or a stopping one is killed. */
	Instant deadline;

	Instant restartAt;

	int restarts;

	int unstableRestarts;

	int failedStarts;

	Duration backoff;

	Worker(int id, Duration initialBackoff) {
		this.id = id;
		this.backoff = initialBackoff;
	}

	boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	long pid() {
		return (this.process != null) ? this.process.pid() : -1;
	}

	String describe() {
		return "worker " + this.id + " (pid " + pid() + ")";
	}

}
