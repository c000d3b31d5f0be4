package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.supervisor.process.WorkerJvm;

/**
 * A worker JVM's CPU use between one status table and the next: each sample covers the
 * time since the previous one, or since the JVM started.
 */
final class CpuSampler {

	private final WorkerJvm jvm;

	private Instant sampledAt;

	private Duration cpuAtSample = Duration.ZERO;

	CpuSampler(WorkerJvm jvm, Instant startedAt) {
		this.jvm = jvm;
		this.sampledAt = startedAt;
	}

	/**
	 * In percent of one core, or {@code null} where the operating system does not tell.
	 */
	@Nullable Double percentSince(Instant now) {
		Duration cpu = this.jvm.cpuTime();
		if (cpu == null) {
			return null;
		}
		long wallNanos = Duration.between(this.sampledAt, now).toNanos();
		double percent = (wallNanos > 0) ? 100.0 * cpu.minus(this.cpuAtSample).toNanos() / wallNanos : 0.0;
		this.sampledAt = now;
		this.cpuAtSample = cpu;
		return Math.round(percent * 10) / 10.0;
	}

}
