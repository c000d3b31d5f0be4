package dev.clusterboot.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the supervisor trims its own memory: wholly once the cluster has settled and
 * stayed settled for {@link SupervisorMemory#QUIET}, then its native memory every
 * {@link SupervisorMemory#AGAIN}; not while anything is under way. Driven on the fakes of
 * {@link FakeCluster}, with a counter for the trim.
 */
class SupervisorMemoryTests {

	private static final Duration QUIET = SupervisorMemory.QUIET;

	private final FakeCluster cluster = new FakeCluster();

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void trimsOnceTheWorkersHaveBeenReadyForAWhileThenNowAndThen() {
		this.cluster.start(2);
		this.cluster.advance(QUIET.multipliedBy(2));
		// Not while the workers start.
		assertThat(this.cluster.trims()).isZero();
		this.cluster.ready(this.cluster.jvm(0));
		this.cluster.ready(this.cluster.jvm(1));
		this.cluster.advance(QUIET.minusMillis(1));
		assertThat(this.cluster.trims()).isZero();
		this.cluster.advance(Duration.ofMillis(1));
		assertThat(this.cluster.trims()).isOne();
		assertThat(this.cluster.nativeTrims()).isZero();
		this.cluster.advance(SupervisorMemory.AGAIN.minusMillis(1));
		assertThat(this.cluster.nativeTrims()).isZero();
		this.cluster.advance(Duration.ofMillis(1));
		// Then native memory only: the heap needs no second collection.
		assertThat(this.cluster.nativeTrims()).isOne();
		this.cluster.advance(SupervisorMemory.AGAIN);
		assertThat(this.cluster.nativeTrims()).isEqualTo(2);
		assertThat(this.cluster.trims()).isOne();
	}

	@Test
	void compilesWithC1OnlyFromBeforeTheFirstWorkerOn() {
		this.cluster.startReady(2);
		this.cluster.advance(QUIET);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		this.cluster.turn();
		assertThat(this.cluster.launched()).hasSizeGreaterThan(2);
		// Once, when the JVM became the supervisor: no worker had been launched.
		assertThat(this.cluster.c1Only()).containsExactly(0);
	}

	@Test
	void compilesAsLaunchedWhenToldTo() {
		this.cluster.settings((settings) -> settings.c1Only(false));
		this.cluster.startReady(2);
		assertThat(this.cluster.c1Only()).isEmpty();
	}

	@Test
	void theLoopWakesForTheTrim() {
		this.cluster.startReady(1);
		assertThat(this.cluster.supervisor().untilNextDeadline()).isLessThanOrEqualTo(QUIET);
		this.cluster.advance(QUIET);
		assertThat(this.cluster.trims()).isOne();
	}

	@Test
	void waitsForTheStartUpCache() {
		this.cluster.cacheBeingMade(true);
		this.cluster.startReady(2);
		this.cluster.advance(QUIET.multipliedBy(3));
		assertThat(this.cluster.trims()).isZero();
		this.cluster.cacheBeingMade(false);
		this.cluster.turn();
		this.cluster.advance(QUIET.minusMillis(1));
		assertThat(this.cluster.trims()).isZero();
		this.cluster.advance(Duration.ofMillis(1));
		assertThat(this.cluster.trims()).isOne();
	}

	@Test
	void trimsAgainAfterAScaleOnceItsSlowStartIsOverAndNotDuringAReload() {
		Duration slowStart = Duration.ofSeconds(30);
		this.cluster.settings((settings) -> settings.slowStart(slowStart));
		this.cluster.startReady(1);
		this.cluster.advance(QUIET);
		assertThat(this.cluster.trims()).isOne();
		this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "2"));
		this.cluster.ready(this.cluster.last());
		this.cluster.advance(QUIET.multipliedBy(2));
		// The new worker still warms: not settled.
		assertThat(this.cluster.trims()).isOne();
		this.cluster.advance(slowStart);
		this.cluster.advance(QUIET);
		assertThat(this.cluster.trims()).isEqualTo(2);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		int nativeTrims = this.cluster.nativeTrims();
		this.cluster.advance(QUIET.multipliedBy(2));
		// A reload runs: not settled, and no trim of either kind.
		assertThat(this.cluster.trims()).isEqualTo(2);
		assertThat(this.cluster.nativeTrims()).isEqualTo(nativeTrims);
	}

}
