package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a worker counts as having stayed above {@code cluster.max-memory-restart}.
 */
class MemoryLimitTests {

	private static final long MB = 1024 * 1024;

	private final Map<Worker, Long> memory = new HashMap<>();

	private final MemoryLimit limit = new MemoryLimit(DataSize.ofMegabytes(500), Duration.ofSeconds(30),
			this.memory::get);

	private final Instant start = Instant.parse("2026-11-25T00:00:00Z");

	@Test
	void aWorkerAboveTheLimitAtTwoChecksInARowIsReported() {
		Worker worker = online(0, 600 * MB);
		assertThat(this.limit.check(this.start, List.of(worker))).isEmpty();
		assertThat(this.limit.check(this.start.plusSeconds(30), List.of(worker))).containsOnlyKeys(worker)
			.containsValue(600 * MB);
	}

	@Test
	void aShortPeakIsNotEnough() {
		Worker worker = online(0, 600 * MB);
		this.limit.check(this.start, List.of(worker));
		this.memory.put(worker, 300 * MB);
		assertThat(this.limit.check(this.start.plusSeconds(30), List.of(worker))).isEmpty();
		this.memory.put(worker, 600 * MB);
		assertThat(this.limit.check(this.start.plusSeconds(60), List.of(worker))).isEmpty();
	}

	@Test
	void checksHappenOnlyOncePerIntervalAndOnlyForReadyWorkers() {
		Worker ready = online(0, 600 * MB);
		Worker starting = online(1, 600 * MB);
		starting.state = WorkerState.STARTING;
		this.limit.check(this.start, List.of(ready, starting));
		// Not due yet: a second look within the interval counts for nothing.
		assertThat(this.limit.check(this.start.plusSeconds(10), List.of(ready, starting))).isEmpty();
		assertThat(this.limit.check(this.start.plusSeconds(30), List.of(ready, starting))).containsOnlyKeys(ready);
	}

	private Worker online(int id, long bytes) {
		Worker worker = new Worker(id, Duration.ofMillis(100));
		worker.state = WorkerState.ONLINE;
		this.memory.put(worker, bytes);
		return worker;
	}

}
