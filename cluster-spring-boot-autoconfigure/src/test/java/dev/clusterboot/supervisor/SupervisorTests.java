package dev.clusterboot.supervisor;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport.Progress;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.FakeCluster.FakeJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's loop, driven without a JVM: each test starts a supervisor on a fake
 * launcher, a fake port and a settable clock, plays the workers' part (they connect,
 * report ready, exit), takes one turn of the loop after each step, and reads what the
 * supervisor did.
 */
class SupervisorTests {

	private final FakeCluster cluster = new FakeCluster();

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void startsTheWantedWorkersWhichServeOnceReady() {
		this.cluster.start(2);
		assertThat(this.cluster.launched()).extracting(FakeJvm::index).containsExactly(0, 1);
		assertThat(this.cluster.states()).containsExactly(WorkerState.STARTING, WorkerState.STARTING);
		assertThat(this.cluster.routed()).isEmpty();

		this.cluster.ready(this.cluster.jvm(0));
		this.cluster.ready(this.cluster.jvm(1));

		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.ONLINE);
		assertThat(this.cluster.routed()).containsExactlyInAnyOrder(this.cluster.jvm(0).pid(),
				this.cluster.jvm(1).pid());
	}

	@Test
	void aWorkerThatDiesAfterAStableRunIsRestartedAtOnceInItsSlot() {
		this.cluster.startReady(2);
		this.cluster.advance(Duration.ofMinutes(1));

		this.cluster.exit(this.cluster.jvm(1), 1);

		assertThat(this.cluster.launched()).hasSize(3);
		assertThat(this.cluster.jvm(2).index()).isEqualTo(1);
		assertThat(this.cluster.routed()).doesNotContain(this.cluster.jvm(1).pid());
		assertThat(this.cluster.restarts(1)).isEqualTo(1.0);
	}

	@Test
	void unstableExitsAreRestartedAfterAGrowingDelay() {
		this.cluster.startReady(2);
		this.cluster.exit(this.cluster.jvm(1), 1);
		// Half a second, the initial delay; not before.
		this.cluster.advance(Duration.ofMillis(499));
		assertThat(this.cluster.launched()).hasSize(2);
		assertThat(this.cluster.states().get(1)).isEqualTo(WorkerState.WAITING_RESTART);
		this.cluster.advance(Duration.ofMillis(1));
		assertThat(this.cluster.launched()).hasSize(3);

		// Its replacement dies before it was ready: the delay grows by the multiplier.
		this.cluster.exit(this.cluster.jvm(2), 1);
		this.cluster.advance(Duration.ofMillis(749));
		assertThat(this.cluster.launched()).hasSize(3);
		this.cluster.advance(Duration.ofMillis(1));
		assertThat(this.cluster.launched()).hasSize(4);
		assertThat(this.cluster.failedStarts(1)).isEqualTo(1.0);
	}

	@Test
	void afterMaxRestartsAWorkerIsErroredAndTheOthersServeOn() {
		this.cluster.settings((settings) -> settings.maxRestarts(2));
		this.cluster.startReady(2);
		for (int crash = 0; crash < 3; crash++) {
			this.cluster.exit(this.cluster.last(), 1);
			this.cluster.advance(Duration.ofSeconds(20));
		}
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.ERRORED);
		assertThat(this.cluster.launched()).hasSize(4);
		assertThat(this.cluster.supervisor().isFinished()).isFalse();

		// When every worker is errored, the cluster gives up: a stable run's crash, then
		// three
		// unstable ones.
		this.cluster.advance(Duration.ofMinutes(1));
		for (int crash = 0; crash < 4; crash++) {
			this.cluster.exit(this.cluster.current(0), 1);
			this.cluster.advance(Duration.ofSeconds(20));
		}
		assertThat(this.cluster.supervisor().isFinished()).isTrue();
		assertThat(this.cluster.supervisor().exitCode()).isEqualTo(1);
	}

	@Test
	void anAppThatNeverStartsIsGivenUpAfterTheStartAttemptsWithItsOwnError() {
		this.cluster.start(2);
		for (int attempt = 0; attempt < 3; attempt++) {
			for (int index = 0; index < 2; index++) {
				FakeJvm jvm = this.cluster.current(index);
				this.cluster.connect(jvm);
				this.cluster.say(jvm, new ToSupervisor.StartFailed("Description:\n\nThe database is unreachable"));
				this.cluster.exit(jvm, 1);
			}
			this.cluster.advance(Duration.ofSeconds(1));
		}
		assertThat(this.cluster.launched()).hasSize(6);
		assertThat(this.cluster.supervisor().isFinished()).isTrue();
		assertThat(this.cluster.supervisor().exitCode()).isEqualTo(1);
		assertThat(this.cluster.startFailure()).contains("CLUSTER FAILED TO START")
			.contains("3 time(s) each (cluster.start-attempts)")
			.containsOnlyOnce("The database is unreachable");
	}

	@Test
	void aWorkerThatCannotBindAPortTheAppOpensItselfStopsTheStartNamingThePort() {
		this.cluster.start(2);
		FakeJvm first = this.cluster.current(0);
		// The app's own server socket, beside the web server's shared port.
		first.listeningPorts(Set.of(8080, 9999));
		this.cluster.ready(first);
		FakeJvm second = this.cluster.current(1);
		this.cluster.connect(second);
		this.cluster.say(second, new ToSupervisor.StartFailed("java.net.BindException: Address already in use"));
		this.cluster.exit(second, 1);
		this.cluster.advance(Duration.ofSeconds(30));
		// No restart could help while worker 0 holds the port: the cluster stops, as an
		// app that cannot start does.
		assertThat(this.cluster.launched()).hasSize(2);
		assertThat(this.cluster.shutdownsSentTo(first)).isOne();
		this.cluster.exit(first, 0);
		assertThat(this.cluster.supervisor().isFinished()).isTrue();
		assertThat(this.cluster.supervisor().exitCode()).isEqualTo(1);
		assertThat(this.cluster.startFailure()).contains("CLUSTER FAILED TO START")
			.contains("Worker 1 could not listen on a port: worker 0 (pid " + first.pid() + ") listens on port 9999, "
					+ "which the cluster does not share")
			.contains("java.net.BindException: Address already in use")
			.contains("cluster.worker-jvm-arguments=-Dmy.port={port:N}")
			.doesNotContain("8080,");
	}

	@Test
	void onceTheClusterIsUpAWorkerThatCannotBindSuchAPortIsErroredAndTheOthersServe() {
		this.cluster.startReady(1);
		this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "2"));
		FakeJvm added = this.cluster.current(1);
		this.cluster.connect(added);
		this.cluster.say(added, new ToSupervisor.StartFailed("Description:\n\nPort 9999 was already in use."));
		this.cluster.exit(added, 1);
		this.cluster.advance(Duration.ofSeconds(30));
		assertThat(this.cluster.launched()).hasSize(2);
		assertThat(this.cluster.supervisor().isFinished()).isFalse();
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.ERRORED);
	}

	@Test
	void aWorkerGivenUpBeforeTheAppStartedIsStartedAgainOnceAnotherIsReady() {
		this.cluster.start(2);
		for (int attempt = 0; attempt < 3; attempt++) {
			this.cluster.exit(this.cluster.current(1), 1);
			this.cluster.advance(Duration.ofSeconds(1));
		}
		assertThat(this.cluster.states()).containsExactly(WorkerState.STARTING, WorkerState.ERRORED);

		this.cluster.ready(this.cluster.current(0));

		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.STARTING);
		assertThat(this.cluster.supervisor().isFinished()).isFalse();
	}

	@Test
	void aWorkerNotReadyWithinTheListenTimeoutIsKilledAsAFailedStartNeverTakenAsReady() {
		this.cluster.start(1);
		this.cluster.connect(this.cluster.jvm(0));
		this.cluster.advance(Duration.ofSeconds(60));
		assertThat(this.cluster.jvm(0).killed()).isFalse();
		this.cluster.advance(Duration.ofMillis(1));
		assertThat(this.cluster.jvm(0).killed()).isTrue();
		assertThat(this.cluster.states()).containsExactly(WorkerState.WAITING_RESTART);
		assertThat(this.cluster.routed()).isEmpty();
		assertThat(this.cluster.failedStarts(0)).isEqualTo(1.0);
	}

	@Test
	void aWorkerThatKeepsMakingStartUpProgressIsNotKilledUntilTheStartTimeout() {
		this.cluster.start(1);
		FakeJvm slow = this.cluster.jvm(0);
		this.cluster.connect(slow);
		// A report every 50 s: never 60 s without progress.
		for (long steps = 1; steps <= 11; steps++) {
			this.cluster.advance(Duration.ofSeconds(50));
			this.cluster.say(slow, new ToSupervisor.Progress(steps * 100));
		}
		assertThat(slow.killed()).isFalse();
		assertThat(this.cluster.states()).containsExactly(WorkerState.STARTING);
		// Ten minutes after its start, progress or not, it is a failed start.
		this.cluster.advance(Duration.ofSeconds(51));
		assertThat(slow.killed()).isTrue();
		assertThat(this.cluster.supervisor().pool().slots().get(0).history().failedStarts()).isOne();
	}

	@Test
	void aReplacementThatStopsMakingProgressFailsTheReloadAndTheOldWorkerServesOn() {
		this.cluster.startReady(1);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		FakeJvm replacement = this.cluster.last();
		this.cluster.connect(replacement);
		this.cluster.advance(Duration.ofSeconds(40));
		this.cluster.say(replacement, new ToSupervisor.Progress(120));
		this.cluster.advance(Duration.ofSeconds(40));
		assertThat(replacement.killed()).isFalse();
		this.cluster.advance(Duration.ofSeconds(21));
		assertThat(replacement.killed()).isTrue();
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.FAILED);
		assertThat(this.cluster.operation().detail())
			.contains("was not ready, and made no start-up progress, within cluster.listen-timeout (60000 ms)");
		assertThat(this.cluster.routed()).containsExactly(this.cluster.jvm(0).pid());
	}

	@Test
	void theClusterStopsOnlyOnceTheExitOfEveryWorkerIsHandled() {
		this.cluster.startReady(2);
		this.cluster.supervisor().terminate();
		this.cluster.turn();
		// Both drain in no time: one JVM is gone before its exit reaches the loop, while
		// the loop handles the other's.
		this.cluster.jvm(1).goneBeforeItsExitIsHeard();
		this.cluster.exit(this.cluster.jvm(0), 0);
		assertThat(this.cluster.supervisor().isFinished()).isFalse();
		this.cluster.exit(this.cluster.jvm(1), 0);
		assertThat(this.cluster.supervisor().isFinished()).isTrue();
	}

	@Test
	void stopAllDrainsEveryWorkerAndFinishesOnceAllHaveExited() {
		this.cluster.startReady(2);
		this.cluster.supervisor().terminate();
		this.cluster.turn();

		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(0))).isOne();
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isOne();
		assertThat(this.cluster.routed()).isEmpty();
		this.cluster.exit(this.cluster.jvm(0), 0);
		assertThat(this.cluster.supervisor().isFinished()).isFalse();
		this.cluster.exit(this.cluster.jvm(1), 0);
		assertThat(this.cluster.supervisor().isFinished()).isTrue();
		assertThat(this.cluster.supervisor().exitCode()).isZero();
		assertThat(this.cluster.launched()).hasSize(2);
	}

	@Test
	void aWorkerThatDoesNotStopWithinTheShutdownTimeoutIsKilled() {
		this.cluster.startReady(1);
		FakeJvm unconnected = this.cluster.jvm(0);
		this.cluster.supervisor().terminate();
		this.cluster.turn();
		this.cluster.advance(Duration.ofSeconds(30));
		assertThat(unconnected.killed()).isFalse();
		this.cluster.advance(Duration.ofMillis(1));
		assertThat(unconnected.killed()).isTrue();
		assertThat(this.cluster.supervisor().isFinished()).isTrue();
	}

	@Test
	void aJvmNotConnectedYetIsAskedToStopWithSigterm() {
		this.cluster.start(1);
		this.cluster.supervisor().terminate();
		this.cluster.turn();
		assertThat(this.cluster.jvm(0).terminated()).isTrue();
	}

	@Test
	void aReloadStartsEachReplacementFirstAndDrainsTheOldOneOnlyOnceTheNewIsReady() {
		this.cluster.startReady(2);
		FakeJvm old0 = this.cluster.jvm(0);
		FakeJvm old1 = this.cluster.jvm(1);

		OperationReport reload = this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		this.cluster.turn();
		assertThat(this.cluster.launched()).hasSize(3);
		FakeJvm new0 = this.cluster.last();
		assertThat(new0.index()).isZero();
		// The old one serves on while the new one starts.
		assertThat(this.cluster.shutdownsSentTo(old0)).isZero();
		assertThat(this.cluster.routed()).contains(old0.pid());

		this.cluster.ready(new0);
		assertThat(this.cluster.routed()).contains(new0.pid()).doesNotContain(old0.pid());
		assertThat(this.cluster.shutdownsSentTo(old0)).isOne();
		// The next slot waits until the old JVM has exited.
		assertThat(this.cluster.launched()).hasSize(3);
		this.cluster.exit(old0, 0);
		assertThat(this.cluster.launched()).hasSize(4);
		FakeJvm new1 = this.cluster.last();
		this.cluster.ready(new1);
		this.cluster.exit(old1, 0);

		assertThat(this.cluster.operation().id()).isEqualTo(reload.id());
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
		assertThat(this.cluster.operation().detail()).isEqualTo("reloaded 2 worker(s)");
		assertThat(this.cluster.reloadsTimed("reload", "succeeded")).isOne();
		assertThat(this.cluster.routed()).containsExactlyInAnyOrder(new0.pid(), new1.pid());
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.ONLINE);
	}

	@Test
	void maxSurgeReplacesSeveralSlotsAtOnce() {
		this.cluster.settings((settings) -> settings.maxSurge(2));
		this.cluster.startReady(3);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		this.cluster.turn();
		assertThat(this.cluster.launched()).extracting(FakeJvm::index).containsExactly(0, 1, 2, 0, 1);
	}

	@Test
	void drainFirstTakesASlotOutOfServiceThenStartsItsNewJvmThere() {
		this.cluster.settings((settings) -> settings.maxSurge(0).maxUnavailable(1));
		this.cluster.startReady(2);
		FakeJvm old0 = this.cluster.jvm(0);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		// The old JVM drains first; nothing new starts beside it.
		assertThat(this.cluster.shutdownsSentTo(old0)).isOne();
		assertThat(this.cluster.routed()).doesNotContain(old0.pid());
		assertThat(this.cluster.launched()).hasSize(2);

		this.cluster.exit(old0, 0);
		FakeJvm new0 = this.cluster.last();
		assertThat(new0.index()).isZero();
		// Slot 1 waits until slot 0 serves again.
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isZero();
		this.cluster.ready(new0);
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isOne();
		this.cluster.exit(this.cluster.jvm(1), 0);
		this.cluster.ready(this.cluster.last());

		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
		assertThat(this.cluster.launched()).extracting(FakeJvm::index).containsExactly(0, 1, 0, 1);
		// A replacement, not a restart.
		assertThat(this.cluster.restarts(0)).isZero();
	}

	@Test
	void aDrainFirstReplacementThatCannotStartStopsTheReload() {
		this.cluster.settings((settings) -> settings.maxSurge(0).maxUnavailable(1));
		this.cluster.startReady(2);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		this.cluster.exit(this.cluster.jvm(0), 0);
		this.cluster.exit(this.cluster.last(), 1);

		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.FAILED);
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isZero();
		assertThat(this.cluster.routed()).containsExactly(this.cluster.jvm(1).pid());
		// The slot itself is restarted as after any failed start.
		assertThat(this.cluster.states()).containsExactly(WorkerState.WAITING_RESTART, WorkerState.ONLINE);
	}

	@Test
	void aReplacementThatExitsBeforeItIsReadyFailsTheReloadAndTheOldWorkersServeOn() {
		this.cluster.startReady(2);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		this.cluster.turn();
		FakeJvm broken = this.cluster.last();

		this.cluster.exit(broken, 1);

		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.FAILED);
		assertThat(this.cluster.operation().detail()).contains("the replacement of worker 0 exited with code 1")
			.contains("0 of 2 worker(s) were reloaded");
		assertThat(this.cluster.reloadsTimed("reload", "failed")).isOne();
		// Nothing else is replaced, and the old JVMs were never touched.
		this.cluster.advance(Duration.ofSeconds(5));
		assertThat(this.cluster.launched()).hasSize(3);
		assertThat(this.cluster.routed()).containsExactlyInAnyOrder(this.cluster.jvm(0).pid(),
				this.cluster.jvm(1).pid());
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(0))).isZero();
		assertThat(this.cluster.failedStarts(0)).isEqualTo(1.0);
	}

	@Test
	void aBadRequestIsRejectedEvenWhileAnotherOperationRunsAndAValidOneIsBusy() {
		this.cluster.startReady(2);
		OperationReport running = this.cluster.accepted(OperationRequest.of(Operation.RELOAD));

		assertThat(this.cluster.submit(new OperationRequest(Operation.RESTART, 7, null)))
			.isInstanceOfSatisfying(OperationOutcome.Rejected.class, (rejected) -> assertThat(rejected.message())
				.isEqualTo("No worker with index 7: the indexes are 0 to 1"));
		assertThat(this.cluster.submit(new OperationRequest(Operation.SCALE, null, "0")))
			.isInstanceOf(OperationOutcome.Rejected.class);
		assertThat(this.cluster.submit(OperationRequest.of(Operation.RESTART))).isInstanceOfSatisfying(
				OperationOutcome.Busy.class, (busy) -> assertThat(busy.running().id()).isEqualTo(running.id()));
	}

	@Test
	void aStoppingClusterTakesNoOperation() {
		this.cluster.startReady(1);
		this.cluster.supervisor().terminate();
		this.cluster.turn();
		assertThat(this.cluster.submit(OperationRequest.of(Operation.RELOAD)))
			.isInstanceOf(OperationOutcome.Stopping.class);
	}

	@Test
	void scaleUpStartsTheNextIndexesAndScaleDownDrainsTheHighest() {
		this.cluster.startReady(2);
		this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "+2"));
		this.cluster.turn();
		assertThat(this.cluster.launched()).extracting(FakeJvm::index).containsExactly(0, 1, 2, 3);
		this.cluster.ready(this.cluster.jvm(2));
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.RUNNING);
		this.cluster.ready(this.cluster.jvm(3));
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);

		this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "1"));
		this.cluster.turn();
		assertThat(this.cluster.status().workers()).hasSize(1);
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(3))).isOne();
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(0))).isZero();
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.RUNNING);
		this.cluster.exit(this.cluster.jvm(1), 0);
		this.cluster.exit(this.cluster.jvm(2), 0);
		this.cluster.exit(this.cluster.jvm(3), 0);
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
		assertThat(this.cluster.routed()).containsExactly(this.cluster.jvm(0).pid());
	}

	@Test
	void restartStopsAWorkerThenStartsItsIndexAgain() {
		this.cluster.startReady(2);
		this.cluster.accepted(new OperationRequest(Operation.RESTART, 1, null));
		this.cluster.turn();
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isOne();
		assertThat(this.cluster.launched()).hasSize(2);

		this.cluster.exit(this.cluster.jvm(1), 0);
		assertThat(this.cluster.last().index()).isEqualTo(1);
		this.cluster.ready(this.cluster.last());

		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(0))).isZero();
		assertThat(this.cluster.restarts(1)).isEqualTo(1.0);
		// Only reloads are timed as reloads.
		assertThat(this.cluster.reloadsTimed("restart", "succeeded")).isZero();
	}

	@Test
	void aWorkerThatStaysAboveTheMemoryLimitIsReplacedLikeAReload() {
		this.cluster.settings((settings) -> settings.maxMemoryRestart(DataSize.ofMegabytes(100))
			.memoryCheckInterval(Duration.ofSeconds(1)));
		this.cluster.startReady(2);
		this.cluster.jvm(1).residentMemory(200L * 1024 * 1024);
		this.cluster.advance(Duration.ofSeconds(1));
		assertThat(this.cluster.launched()).hasSize(2);
		this.cluster.advance(Duration.ofSeconds(1));
		this.cluster.turn();

		assertThat(this.cluster.operation().kind()).isEqualTo("memory-restart");
		assertThat(this.cluster.launched()).hasSize(3);
		assertThat(this.cluster.last().index()).isEqualTo(1);
		this.cluster.ready(this.cluster.last());
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(1))).isOne();
		this.cluster.exit(this.cluster.jvm(1), 0);
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
		assertThat(this.cluster.shutdownsSentTo(this.cluster.jvm(0))).isZero();
		assertThat(this.cluster.launched()).hasSize(3);
		assertThat(this.cluster.reloadsTimed("memory-restart", "succeeded")).isOne();
	}

	@Test
	void aLaunchThatFailsCountsAsAFailedStartOfThatWorkerOnly() {
		this.cluster.failNextLaunch();
		this.cluster.start(2);
		assertThat(this.cluster.launched()).extracting(FakeJvm::index).containsExactly(1);
		assertThat(this.cluster.states()).containsExactly(WorkerState.WAITING_RESTART, WorkerState.STARTING);
		this.cluster.advance(Duration.ofMillis(500));
		assertThat(this.cluster.launched()).extracting(FakeJvm::index).containsExactly(1, 0);
		assertThat(this.cluster.failedStarts(0)).isEqualTo(1.0);
	}

	@Test
	void aConnectionThatNoRunningWorkerOwnsIsRejected() {
		this.cluster.start(1);
		FakeCluster.FakePeer stranger = this.cluster.connectAs(0, 99999, this.cluster.jvm(0).secret());
		assertThat(stranger.closed()).isTrue();
		this.cluster.say(stranger, new ToSupervisor.Online(99999, 8080, null));
		assertThat(this.cluster.states()).containsExactly(WorkerState.STARTING);
	}

	@Test
	void aConnectionWithTheRightPidButAnotherWorkersSecretIsRejected() {
		this.cluster.start(2);
		FakeJvm first = this.cluster.jvm(0);
		FakeCluster.FakePeer impostor = this.cluster.connectAs(0, first.pid(), this.cluster.jvm(1).secret());
		assertThat(impostor.closed()).isTrue();
		this.cluster.say(impostor, new ToSupervisor.Online(first.pid(), 8080, null));
		assertThat(this.cluster.states()).containsExactly(WorkerState.STARTING, WorkerState.STARTING);
		// The JVM itself still gets in.
		this.cluster.say(this.cluster.connect(first), new ToSupervisor.Online(first.pid(), 8080, null));
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.STARTING);
	}

	@Test
	void theStatusShowsEachSlotAndItsReplacement() {
		this.cluster.startReady(2);
		this.cluster.accepted(OperationRequest.of(Operation.RELOAD));
		this.cluster.turn();
		ClusterStatus status = this.cluster.status();
		assertThat(status.instances().desired()).isEqualTo(2);
		assertThat(status.instances().online()).isEqualTo(2);
		assertThat(status.workers().get(0).pid()).isEqualTo(this.cluster.jvm(0).pid());
		assertThat(status.workers().get(0).replacement().pid()).isEqualTo(this.cluster.last().pid());
		assertThat(status.workers().get(0).replacement().state()).isEqualTo(WorkerState.STARTING);
		assertThat(status.operation().kind()).isEqualTo("reload");
		assertThat(status.portSharing()).isEqualTo("proxy");
		assertThat(status.port()).isEqualTo(8080);
		assertThat(status.workers().get(1).replacement()).isNull();
	}

}
