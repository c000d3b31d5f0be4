package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationReport.Progress;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.supervisor.FakeCluster.FakeJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's side of {@code cluster.slow-start}: which new JVMs start slowly, the
 * rollout that waits for each to warm, and the slow starts it ends when no warm worker
 * serves beside them. Driven on the fakes of {@link FakeCluster}.
 */
class SlowStartRolloutTests {

	private static final Duration WINDOW = Duration.ofSeconds(10);

	private final FakeCluster cluster = new FakeCluster();

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void theFirstWorkersTakeTheirShareAtOnce() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW));
		this.cluster.startReady(2);
		assertThat(this.cluster.launched()).extracting(FakeJvm::slowStart).containsOnly(Duration.ZERO);
	}

	@Test
	void aReloadStartsEachNewJvmSlowlyAndTheNextOnlyOnceThePreviousIsWarm() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW));
		this.cluster.startReady(2);
		FakeJvm old0 = this.cluster.jvm(0);
		FakeJvm old1 = this.cluster.jvm(1);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		FakeJvm new0 = this.cluster.last();
		assertThat(new0.slowStart()).isEqualTo(WINDOW);

		this.cluster.ready(new0);
		this.cluster.exit(old0, 0);
		// Slot 1 waits while the new JVM of slot 0 warms, though the surge allows one.
		this.cluster.advance(WINDOW.minusMillis(1));
		assertThat(this.cluster.launched()).hasSize(3);
		assertThat(this.cluster.shutdownsSentTo(old1)).isZero();
		this.cluster.advance(Duration.ofMillis(1));
		assertThat(this.cluster.launched()).hasSize(4);
		FakeJvm new1 = this.cluster.last();
		assertThat(new1.index()).isOne();
		// Beside new0, now warm.
		assertThat(new1.slowStart()).isEqualTo(WINDOW);

		this.cluster.ready(new1);
		this.cluster.exit(old1, 0);
		// The reload is done when the last old JVM has gone; its successor warms on.
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
		assertThat(this.cluster.endSlowStartsSentTo(new0)).isZero();
		assertThat(this.cluster.endSlowStartsSentTo(new1)).isZero();
	}

	@Test
	void theLoopWakesAtTheEndOfASlowStartAndNotAgainAfterIt() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW));
		this.cluster.startReady(1);
		WorkerPool pool = this.cluster.supervisor().pool();
		// A scale-up's new worker starts beside the warm one.
		this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "2"));
		assertThat(this.cluster.last().slowStart()).isEqualTo(WINDOW);
		this.cluster.ready(this.cluster.last());
		Instant readyAt = this.cluster.clock().instant();
		assertThat(pool.nextWarmEnd(readyAt)).isEqualTo(readyAt.plus(WINDOW));
		this.cluster.advance(WINDOW);
		// A passed end is no deadline: the loop would spin on it.
		Instant now = this.cluster.clock().instant();
		assertThat(pool.nextWarmEnd(now)).isNull();
	}

	@Test
	void drainFirstWaitsForTheWarmUpToo() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW).maxSurge(0).maxUnavailable(1));
		this.cluster.startReady(2);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		this.cluster.exit(this.cluster.jvm(0), 0);
		FakeJvm new0 = this.cluster.last();
		assertThat(new0.slowStart()).isEqualTo(WINDOW);
		this.cluster.ready(new0);
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isZero();
		this.cluster.advance(WINDOW);
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isOne();
	}

	@Test
	void aNewJvmWithNoWarmWorkerBesideItEndsItsSlowStartAtOnce() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW));
		this.cluster.startReady(1);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		FakeJvm new0 = this.cluster.last();
		// It starts beside the warm old JVM...
		assertThat(new0.slowStart()).isEqualTo(WINDOW);
		this.cluster.ready(new0);
		// ...which drains as soon as it is ready: nobody else takes the connections.
		assertThat(this.cluster.endSlowStartsSentTo(new0)).isOne();
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.RUNNING);
		this.cluster.exit(this.cluster.jvm(0), 0);
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
		assertThat(this.cluster.endSlowStartsSentTo(new0)).isOne();
	}

	@Test
	void aWorkerRestartedBesideWarmOnesStartsSlowly() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW));
		this.cluster.startReady(2);
		this.cluster.advance(Duration.ofMinutes(1));
		this.cluster.exit(this.cluster.jvm(1), 1);
		assertThat(this.cluster.last().index()).isOne();
		assertThat(this.cluster.last().slowStart()).isEqualTo(WINDOW);
	}

	@Test
	void aWorkerRestartedWhenNoneServesTakesItsShareAtOnce() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW));
		this.cluster.startReady(1);
		this.cluster.advance(Duration.ofMinutes(1));
		this.cluster.exit(this.cluster.jvm(0), 1);
		assertThat(this.cluster.launched()).hasSize(2);
		assertThat(this.cluster.last().slowStart()).isZero();
	}

	@Test
	void onlyWithTheSharedSocket() {
		this.cluster.settings((settings) -> settings.slowStart(WINDOW).portSharing(PortSharing.REUSEPORT));
		this.cluster.startReady(2);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		// Each reuseport worker has a queue of its own: what it leaves, nobody takes.
		assertThat(this.cluster.last().slowStart()).isZero();
		this.cluster.ready(this.cluster.last());
		this.cluster.exit(this.cluster.jvm(0), 0);
		assertThat(this.cluster.launched()).hasSize(4);
	}

	@Test
	void zeroTurnsItOff() {
		this.cluster.settings((settings) -> settings.slowStart(Duration.ZERO));
		this.cluster.startReady(2);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		assertThat(this.cluster.last().slowStart()).isZero();
	}

}
