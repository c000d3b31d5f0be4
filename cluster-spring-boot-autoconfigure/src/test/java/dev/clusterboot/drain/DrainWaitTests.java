package dev.clusterboot.drain;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a drain stops waiting for its connections.
 */
class DrainWaitTests {

	private static final long START = 1_000_000_000L;

	private static final long MS = 1_000_000L;

	private final DrainWait wait = new DrainWait(START, Duration.ofSeconds(1), Duration.ofSeconds(10));

	@Test
	void noConnectionLeftEndsTheWaitAtOnceWhateverIsCounted() {
		assertThat(this.wait.check(START, 0, 3, START)).isEqualTo(DrainWait.Outcome.NO_CONNECTIONS);
	}

	@Test
	void aRequestInFlightHoldsTheWaitUntilTheTimeout() {
		assertThat(this.wait.check(START + 5_000 * MS, 2, 1, START)).isNull();
		assertThat(this.wait.check(START + 9_999 * MS, 2, 1, START)).isNull();
		assertThat(this.wait.check(START + 10_000 * MS, 2, 1, START)).isEqualTo(DrainWait.Outcome.TIMEOUT);
	}

	@Test
	void idleConnectionsEndTheWaitOnceQuietForThePeriod() {
		assertThat(this.wait.check(START + 999 * MS, 2, 0, START)).isNull();
		assertThat(this.wait.check(START + 1_000 * MS, 2, 0, START)).isEqualTo(DrainWait.Outcome.QUIET);
	}

	@Test
	void aRequestThatBeganOrEndedDuringTheDrainRestartsTheQuietPeriod() {
		long lastActivity = START + 700 * MS;
		assertThat(this.wait.check(START + 1_500 * MS, 2, 0, lastActivity)).isNull();
		assertThat(this.wait.check(START + 1_700 * MS, 2, 0, lastActivity)).isEqualTo(DrainWait.Outcome.QUIET);
	}

	@Test
	void activityBeforeTheDrainCountsFromItsStart() {
		assertThat(this.wait.check(START + 1_000 * MS, 2, 0, START - 5_000 * MS)).isEqualTo(DrainWait.Outcome.QUIET);
	}

	@Test
	void connectionsThatCannotBeCountedLeaveTheQuietAndTheTimeout() {
		assertThat(this.wait.check(START + 500 * MS, DrainingServer.UNKNOWN, 0, START)).isNull();
		assertThat(this.wait.check(START + 1_000 * MS, DrainingServer.UNKNOWN, 0, START))
			.isEqualTo(DrainWait.Outcome.QUIET);
		assertThat(this.wait.check(START + 10_000 * MS, DrainingServer.UNKNOWN, 4, START))
			.isEqualTo(DrainWait.Outcome.TIMEOUT);
	}

	@Test
	void aZeroTimeoutDoesNotWait() {
		DrainWait none = new DrainWait(START, Duration.ofSeconds(1), Duration.ZERO);
		assertThat(none.check(START, 5, 5, START)).isEqualTo(DrainWait.Outcome.TIMEOUT);
	}

}
