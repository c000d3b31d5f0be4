package dev.clusterboot.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport.Progress;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.FakeCluster.FakeJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's decisions on the findings of the hardening review: a loop that
 * survives, liveness, limits on starts and scales, and what a failed start says. On
 * fakes, so that a frozen worker or an Error is one line away.
 */
class SupervisorHardeningTests {

	private final FakeCluster cluster = new FakeCluster();

	@AfterEach
	void close() {
		this.cluster.close();
	}

	@Test
	void anEventThatThrowsAnErrorIsCountedAndTheWorkersServeOn() {
		this.cluster.startReady(2);
		this.cluster.supervisor().post(() -> {
			throw new OutOfMemoryError("unable to create native thread");
		});
		this.cluster.turn();
		assertThat(this.cluster.counter("cluster_supervisor_errors_total")).isOne();
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.ONLINE);
		assertThat(this.cluster.routed()).hasSize(2);
		// The loop goes on: a worker that dies is still restarted.
		this.cluster.advance(Duration.ofMinutes(1));
		this.cluster.exit(this.cluster.jvm(1), 1);
		assertThat(this.cluster.last().index()).isEqualTo(1);
	}

	@Test
	void aLaunchThatThrowsAnErrorIsAFailedStartOfThatWorkerOnly() {
		this.cluster.startReady(2);
		this.cluster.errorNextLaunch();
		this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "3"));
		assertThat(this.cluster.failedStarts(2)).isOne();
		assertThat(this.cluster.failedStarts(0)).isZero();
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.ONLINE,
				WorkerState.WAITING_RESTART);
		assertThat(this.cluster.counter("cluster_supervisor_errors_total")).isZero();
	}

	@Test
	void aWorkerThatStopsAnsweringIsReplacedNewJvmFirst() {
		this.cluster.startReady(2);
		FakeJvm frozen = this.cluster.jvm(0);
		this.cluster.peer(frozen).freeze();
		// Pinged every 5 s from t=5 s on; silent past the 30 s timeout by t=40 s.
		for (int second = 5; second <= 35; second += 5) {
			this.cluster.advance(Duration.ofSeconds(5));
			assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.ONLINE);
		}
		this.cluster.advance(Duration.ofSeconds(5));
		assertThat(this.cluster.states()).containsExactly(WorkerState.UNRESPONSIVE, WorkerState.ONLINE);
		assertThat(this.cluster.routed()).doesNotContain(frozen.pid());
		assertThat(this.cluster.counter("cluster_worker_replaced_total", "worker", "0", "reason", "unresponsive"))
			.isOne();
		FakeJvm replacement = this.cluster.last();
		assertThat(replacement.index()).isZero();
		assertThat(frozen.terminated() || this.cluster.shutdownsSentTo(frozen) > 0).isFalse();

		this.cluster.ready(replacement);
		assertThat(this.cluster.current(0)).isSameAs(replacement);
		assertThat(this.cluster.routed()).contains(replacement.pid());
		// Asked to drain; frozen, it cannot, and is killed at the shutdown timeout.
		assertThat(this.cluster.shutdownsSentTo(frozen)).isOne();
		this.cluster.advance(Duration.ofSeconds(31));
		assertThat(frozen.killed()).isTrue();
	}

	@Test
	void aWorkerWhoseAppIsBrokenIsReplaced() {
		this.cluster.startReady(2);
		FakeJvm broken = this.cluster.jvm(1);
		this.cluster.say(broken, new ToSupervisor.Broken());
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.BROKEN);
		assertThat(this.cluster.routed()).doesNotContain(broken.pid());
		assertThat(this.cluster.counter("cluster_worker_replaced_total", "worker", "1", "reason", "broken")).isOne();
		FakeJvm replacement = this.cluster.last();
		assertThat(replacement.index()).isOne();
		this.cluster.ready(replacement);
		assertThat(this.cluster.current(1)).isSameAs(replacement);
		assertThat(this.cluster.shutdownsSentTo(broken)).isOne();
	}

	@Test
	void newWorkersStartAFewAtATime() {
		// Two processors: two starts at once.
		this.cluster.start(5);
		assertThat(this.cluster.states()).containsExactly(WorkerState.STARTING, WorkerState.STARTING,
				WorkerState.QUEUED, WorkerState.QUEUED, WorkerState.QUEUED);
		this.cluster.ready(this.cluster.jvm(0));
		assertThat(this.cluster.states()).containsExactly(WorkerState.ONLINE, WorkerState.STARTING,
				WorkerState.STARTING, WorkerState.QUEUED, WorkerState.QUEUED);
		this.cluster.ready(this.cluster.jvm(1));
		this.cluster.ready(this.cluster.jvm(2));
		this.cluster.ready(this.cluster.jvm(3));
		this.cluster.ready(this.cluster.jvm(4));
		assertThat(this.cluster.states()).containsOnly(WorkerState.ONLINE);
	}

	@Test
	void aRunningScaleIsSupersededByAnotherSoThatTheOperatorCanGetBack() {
		this.cluster.startReady(2);
		OperationReport up = this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "8"));
		assertThat(this.cluster.states()).hasSize(8);
		// A reload has to wait; a scale back does not.
		assertThat(this.cluster.submit(OperationRequest.of(Operation.RELOAD)))
			.isInstanceOf(OperationOutcome.Busy.class);
		OperationReport back = this.cluster.accepted(new OperationRequest(Operation.SCALE, null, "2"));
		assertThat(back.id()).isNotEqualTo(up.id());
		assertThat(this.cluster.states()).hasSize(2);
		// The JVMs that had started for the scale up drain.
		this.cluster.launched()
			.stream()
			.filter((jvm) -> jvm.index() >= 2)
			.forEach((jvm) -> assertThat(jvm.terminated() || this.cluster.shutdownsSentTo(jvm) > 0).isTrue());
		this.cluster.launched().stream().filter((jvm) -> jvm.index() >= 2).forEach((jvm) -> this.cluster.exit(jvm, 0));
		assertThat(this.cluster.operation().id()).isEqualTo(back.id());
		assertThat(this.cluster.operation().outcome()).isEqualTo(Progress.SUCCEEDED);
	}

	@Test
	void aWorkerThatExitsBecauseItCannotListenOnAPortSaysSoInTheReport() {
		this.cluster.settings((settings) -> settings.startAttempts(1));
		this.cluster.start(2);
		for (FakeJvm jvm : this.cluster.launched()) {
			jvm.exitHint("it could not listen on a port: \"Error: Port already in use: 9010\"");
			this.cluster.exit(jvm, 1);
		}
		assertThat(this.cluster.startFailure()).contains("CLUSTER FAILED TO START")
			.contains("exited before it was ready: it could not listen on a port")
			.contains("Port already in use: 9010")
			.contains("cluster.worker-jvm-arguments with {port:N}");
	}

}
