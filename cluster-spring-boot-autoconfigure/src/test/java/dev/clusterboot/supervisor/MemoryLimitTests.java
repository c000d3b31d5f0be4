package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a worker counts as having stayed above {@code cluster.max-memory-restart}.
 */
class MemoryLimitTests {

	private static final long MB = 1024 * 1024;

	private final MemoryLimit limit = new MemoryLimit(DataSize.ofMegabytes(500), Duration.ofSeconds(30));

	private final Instant start = Instant.parse("2026-11-25T00:00:00Z");

	@Test
	void aWorkerAboveTheLimitAtTwoChecksInARowIsReported() {
		assertThat(this.limit.check(this.start, Map.of(0, 600 * MB))).isEmpty();
		assertThat(this.limit.check(this.start.plusSeconds(30), Map.of(0, 600 * MB))).containsOnlyKeys(0)
			.containsValue(600 * MB);
	}

	@Test
	void aShortPeakIsNotEnough() {
		this.limit.check(this.start, Map.of(0, 600 * MB));
		assertThat(this.limit.check(this.start.plusSeconds(30), Map.of(0, 300 * MB))).isEmpty();
		assertThat(this.limit.check(this.start.plusSeconds(60), Map.of(0, 600 * MB))).isEmpty();
	}

	@Test
	void checksAreDueOncePerIntervalAndAWorkerNotReadyAtACheckStartsAgain() {
		assertThat(this.limit.isDue(this.start)).isTrue();
		this.limit.check(this.start, Map.of(0, 600 * MB, 1, 600 * MB));
		// Not due yet: a second look within the interval counts for nothing.
		assertThat(this.limit.isDue(this.start.plusSeconds(10))).isFalse();
		assertThat(this.limit.isDue(this.start.plusSeconds(30))).isTrue();
		// Worker 1 was not ready at this check (being replaced, say).
		assertThat(this.limit.check(this.start.plusSeconds(30), Map.of(0, 600 * MB))).containsOnlyKeys(0);
		assertThat(this.limit.check(this.start.plusSeconds(60), Map.of(0, 600 * MB, 1, 600 * MB))).containsOnlyKeys(0);
	}

}
