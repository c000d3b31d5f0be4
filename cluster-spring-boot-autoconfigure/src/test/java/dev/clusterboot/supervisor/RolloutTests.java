package dev.clusterboot.supervisor;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout's arithmetic: how many outdated slots a pass replaces new-JVM-first and how
 * many drain-first, under {@code max-surge} and {@code max-unavailable}, counting those
 * already under way.
 */
class RolloutTests {

	private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

	private final WorkerPool pool = new WorkerPool(4, RestartHistoryTests.POLICY);

	@Test
	void theSurgeComesFirstThenTheDrainsUpToEachLimit() {
		outdated(4);
		assertThat(indexes(this.pool.rollout(1, 1, NOW))).isEqualTo("surge [0] drain-first [1]");
		assertThat(indexes(this.pool.rollout(0, 2, NOW))).isEqualTo("surge [] drain-first [0, 1]");
		assertThat(indexes(this.pool.rollout(3, 0, NOW))).isEqualTo("surge [0, 1, 2] drain-first []");
		assertThat(indexes(this.pool.rollout(8, 8, NOW))).isEqualTo("surge [0, 1, 2, 3] drain-first []");
	}

	@Test
	void aSlotDrainingFirstCountsAgainstTheUnavailableAndIsNotPickedAgain() {
		outdated(4);
		this.pool.slots().get(0).drainFirst();
		assertThat(indexes(this.pool.rollout(1, 1, NOW))).isEqualTo("surge [1] drain-first []");
		assertThat(indexes(this.pool.rollout(0, 3, NOW))).isEqualTo("surge [] drain-first [1, 2]");
	}

	@Test
	void slotsNotOutdatedAreLeftAlone() {
		outdated(2);
		this.pool.addSlot();
		this.pool.addSlot();
		assertThat(indexes(this.pool.rollout(4, 4, NOW))).isEqualTo("surge [0, 1] drain-first []");
	}

	private void outdated(int count) {
		for (int i = 0; i < count; i++) {
			this.pool.replace(this.pool.addSlot().index());
		}
	}

	private static String indexes(WorkerPool.Rollout rollout) {
		return "surge " + rollout.surge().stream().map(Slot::index).toList() + " drain-first "
				+ rollout.drainFirst().stream().map(Slot::index).toList();
	}

}
