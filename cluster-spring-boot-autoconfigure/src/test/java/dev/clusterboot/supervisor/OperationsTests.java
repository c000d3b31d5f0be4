package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.supervisor.metrics.SupervisorMeters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations table's answers, on a real pool of two slots and no JVM: what is checked
 * first, what waits for what, and what takes another's place.
 */
class OperationsTests {

	private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

	private final WorkerPool pool = new WorkerPool(2, RestartHistoryTests.POLICY);

	private final Operations operations = new Operations(4, 16, new SupervisorMeters(this.pool::states));

	@BeforeEach
	void twoSlots() {
		this.pool.addSlot();
		this.pool.addSlot();
	}

	@Test
	void aBadRequestIsRejectedBeforeTheStopIsToldAndBeforeTheRunningOperation() {
		OperationRequest noSuchWorker = new OperationRequest(Operation.RESTART, 5, null);
		assertThat(submit(noSuchWorker, true)).isInstanceOf(OperationOutcome.Rejected.class)
			.extracting((outcome) -> ((OperationOutcome.Rejected) outcome).message())
			.isEqualTo("No worker with index 5: the indexes are 0 to 1");
		assertThat(submit(new OperationRequest(Operation.SCALE, null, "lots"), true))
			.isInstanceOf(OperationOutcome.Rejected.class);
		assertThat(submit(OperationRequest.of(Operation.RELOAD), true)).isInstanceOf(OperationOutcome.Stopping.class);

		assertThat(submit(OperationRequest.of(Operation.RELOAD), false)).isInstanceOf(OperationOutcome.Accepted.class);
		assertThat(submit(noSuchWorker, false)).isInstanceOf(OperationOutcome.Rejected.class);
	}

	@Test
	void anotherOperationWaitsForTheRunningOneAndIsToldWhichRuns() {
		OperationReport reload = accepted(OperationRequest.of(Operation.RELOAD));
		assertThat(this.pool.slots()).allMatch(Slot::isOutdated);

		OperationOutcome restart = submit(new OperationRequest(Operation.RESTART, 0, null), false);
		assertThat(restart).isInstanceOf(OperationOutcome.Busy.class);
		assertThat(((OperationOutcome.Busy) restart).running().id()).isEqualTo(reload.id());
		assertThat(submit(OperationRequest.of(Operation.RELOAD), false)).isInstanceOf(OperationOutcome.Busy.class);
		assertThat(this.pool.slots()).noneMatch(Slot::isRestartRequested);
	}

	@Test
	void aScaleTakesTheRunningScalesPlaceAndNothingElseDoes() {
		OperationReport first = accepted(new OperationRequest(Operation.SCALE, null, "4"));
		assertThat(this.pool.needsSlot()).isTrue();

		OperationReport second = accepted(new OperationRequest(Operation.SCALE, null, "2"));
		assertThat(second.id()).isNotEqualTo(first.id());
		assertThat(second.isRunning()).isTrue();
		assertThat(this.operations.report().id()).isEqualTo(second.id());
		assertThat(this.pool.needsSlot()).isFalse();

		assertThat(submit(OperationRequest.of(Operation.RELOAD), false)).isInstanceOf(OperationOutcome.Busy.class);
	}

	@Test
	void anOperationTheSupervisorDecidesOnStartsOnlyWhenNoneRuns() {
		accepted(OperationRequest.of(Operation.RELOAD));
		assertThat(this.operations.startUnlessBusy(new Restart(NOW, List.of(0)), this.pool, NOW)).isFalse();
		assertThat(this.pool.slots().get(0).isRestartRequested()).isFalse();
	}

	private OperationReport accepted(OperationRequest request) {
		OperationOutcome outcome = submit(request, false);
		assertThat(outcome).isInstanceOf(OperationOutcome.Accepted.class);
		return ((OperationOutcome.Accepted) outcome).operation();
	}

	private OperationOutcome submit(OperationRequest request, boolean stopping) {
		return this.operations.submit(request, this.pool, stopping, "by a test", NOW.plus(Duration.ofMillis(1)));
	}

}
