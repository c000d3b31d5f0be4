package dev.clusterboot.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.clusterboot.channel.ChannelServer;

/**
 * One worker JVM and the slot it serves: a stable index and its restart history. During a reload
 * a slot briefly has two: the serving one and its replacement. Only the supervisor's loop thread
 * reads or writes it, so it needs no locking.
 */
final class Worker {

	final int id;

	WorkerState state = WorkerState.STOPPED;

	Process process;

	ChannelServer.Connection connection;

	/** The port the worker serves on, once online. */
	int port;

	/** The port of the worker's own management server, if it has one, once online. */
	Integer managementPort;

	/** Which build of the app it runs, as known when it was started. */
	String version;

	Instant startedAt;

	Instant readyAt;

	/** When a starting worker is late, or a stopping one is killed. */
	Instant deadline;

	Instant restartAt;

	/** Stop, then start again in the same slot (a restart, not a crash). */
	boolean restartRequested;

	int restarts;

	int unstableRestarts;

	int failedStarts;

	/** Failed starts in a row before any worker of the cluster was ready (cluster.start-attempts). */
	int failedFirstStarts;

	/** The app's own explanation of this JVM's failed start, as the worker reported it. */
	String startFailure;

	/** Messages for it dropped in a row because its outbox was full. */
	int messagesDroppedInARow;

	/** Memory checks in a row that found it above {@code cluster.max-memory-restart}. */
	int checksAboveMemoryLimit;

	Duration backoff;

	private Instant cpuSampledAt;

	private Duration cpuAtSample = Duration.ZERO;

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

	/** The slot's history goes on in the JVM that replaces this one. */
	void handOverHistoryTo(Worker replacement) {
		replacement.restarts = this.restarts;
		replacement.unstableRestarts = this.unstableRestarts;
		replacement.failedStarts = this.failedStarts;
		replacement.backoff = this.backoff;
	}

	/** Resident memory in bytes, read from /proc; {@code null} elsewhere than Linux, or once exited. */
	Long residentMemory() {
		if (!isAlive()) {
			return null;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or the process just exited.
		}
		return null;
	}

	/**
	 * CPU use since the previous sample (or since start), in percent of one core; {@code null}
	 * where the operating system does not tell.
	 */
	Double sampleCpuPercent(Instant now) {
		Duration cpu = this.process.info().totalCpuDuration().orElse(null);
		if (cpu == null) {
			return null;
		}
		Instant since = (this.cpuSampledAt != null) ? this.cpuSampledAt : this.startedAt;
		long wallNanos = Duration.between(since, now).toNanos();
		double percent = (wallNanos > 0) ? 100.0 * cpu.minus(this.cpuAtSample).toNanos() / wallNanos : 0.0;
		this.cpuSampledAt = now;
		this.cpuAtSample = cpu;
		return Math.round(percent * 10) / 10.0;
	}

}
