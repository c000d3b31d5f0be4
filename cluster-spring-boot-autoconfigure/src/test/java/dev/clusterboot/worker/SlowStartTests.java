package dev.clusterboot.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's slow start: the limit it sets on the connections its web server holds, on a
 * clock the test moves.
 */
class SlowStartTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private final AtomicLong nanos = new AtomicLong();

	@Test
	void oneConnectionDoublingTenTimesOverTheWindowThenNoLimit() {
		assertThat(SlowStart.limitAfter(Duration.ZERO, WINDOW)).isOne();
		assertThat(SlowStart.limitAfter(Duration.ofMillis(999), WINDOW)).isOne();
		assertThat(SlowStart.limitAfter(Duration.ofSeconds(1), WINDOW)).isEqualTo(2);
		assertThat(SlowStart.limitAfter(Duration.ofSeconds(5), WINDOW)).isEqualTo(32);
		assertThat(SlowStart.limitAfter(WINDOW.minusMillis(1), WINDOW)).isEqualTo(512);
		assertThat(SlowStart.limitAfter(WINDOW, WINDOW)).isEqualTo(ConnectionLimit.NONE);
	}

	@Test
	void theLimitHoldsFromTheStartAndRisesOnlyOnceTheWorkerIsReady() {
		SlowStart slowStart = new SlowStart(WINDOW, this.nanos::get);
		List<Integer> changes = recordChanges(slowStart);
		assertThat(slowStart.limit().max()).isOne();
		assertThat(slowStart.limit().admits(0)).isTrue();
		assertThat(slowStart.limit().admits(1)).isFalse();
		this.nanos.addAndGet(Duration.ofSeconds(30).toNanos());
		slowStart.tick();
		// Not begun: a server that starts late is not let off the ramp.
		assertThat(slowStart.limit().max()).isOne();

		slowStart.begin(1);
		this.nanos.addAndGet(Duration.ofSeconds(3).toNanos());
		slowStart.tick();
		assertThat(slowStart.limit().max()).isEqualTo(8);
		this.nanos.addAndGet(Duration.ofSeconds(7).toNanos());
		slowStart.tick();
		assertThat(slowStart.isOver()).isTrue();
		assertThat(slowStart.limit().admits(Integer.MAX_VALUE - 1)).isTrue();
		assertThat(changes).endsWith(8, ConnectionLimit.NONE);
	}

	@Test
	void endingItLiftsTheLimitAtOnceAndForGood() {
		SlowStart slowStart = new SlowStart(WINDOW, this.nanos::get);
		List<Integer> changes = recordChanges(slowStart);
		slowStart.begin(1);
		slowStart.end("no warm worker serves beside this one");
		this.nanos.addAndGet(Duration.ofSeconds(1).toNanos());
		slowStart.tick();
		slowStart.begin(1);
		assertThat(slowStart.limit().max()).isEqualTo(ConnectionLimit.NONE);
		assertThat(changes).containsExactly(ConnectionLimit.NONE);
	}

	@Test
	void aZeroWindowSetsNoLimit() {
		SlowStart slowStart = SlowStart.of(Duration.ZERO);
		assertThat(slowStart.isOver()).isTrue();
		assertThat(slowStart.limit().max()).isEqualTo(ConnectionLimit.NONE);
		slowStart.begin(1);
		assertThat(slowStart.limit().max()).isEqualTo(ConnectionLimit.NONE);
	}

	private static List<Integer> recordChanges(SlowStart slowStart) {
		List<Integer> changes = new ArrayList<>();
		slowStart.limit().onChange(() -> changes.add(slowStart.limit().max()));
		return changes;
	}

}
