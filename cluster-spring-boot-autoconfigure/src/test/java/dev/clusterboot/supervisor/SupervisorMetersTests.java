package dev.clusterboot.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's meters, read from a registry as a scrape would.
 */
class SupervisorMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<Worker> workers = new ArrayList<>();

	private final SupervisorMeters meters = new SupervisorMeters(this.registry, () -> this.workers,
			() -> this.workers.stream());

	@Test
	void workersAreCountedByState() {
		addWorker(WorkerState.ONLINE);
		addWorker(WorkerState.ONLINE);
		addWorker(WorkerState.WAITING_RESTART);
		assertThat(this.registry.get("cluster.workers").tag("state", "online").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("cluster.workers").tag("state", "waiting_restart").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("cluster.workers").tag("state", "errored").gauge().value()).isZero();
	}

	@Test
	void restartsAndFailedStartsAreCountedPerWorkerFromZero() {
		Worker first = addWorker(WorkerState.ONLINE);
		Worker second = addWorker(WorkerState.ONLINE);
		this.meters.restarted(second);
		this.meters.restarted(second);
		this.meters.failedStart(second);
		assertThat(this.registry.get("cluster.worker.restarts").tag("worker", "1").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("cluster.worker.failed.starts").tag("worker", "1").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("cluster.worker.restarts").tag("worker", Integer.toString(first.id)).counter()
			.count()).isZero();
	}

	@Test
	void aSlotScaledAwayTakesItsGaugesWithIt() {
		addWorker(WorkerState.ONLINE);
		addWorker(WorkerState.ONLINE);
		assertThat(this.registry.find("cluster.worker.memory").gauges()).hasSize(2);
		this.workers.remove(1);
		this.meters.slotRemoved(1);
		assertThat(this.registry.find("cluster.worker.memory").gauges()).hasSize(1);
		assertThat(this.registry.find("cluster.worker.cpu").tag("worker", "1").functionCounter()).isNull();
	}

	@Test
	void reloadsAreTimedByOutcome() {
		addWorker(WorkerState.ONLINE);
		RollingReloadTests.RecordingCluster cluster = new RollingReloadTests.RecordingCluster();
		RollingReload failed = new RollingReload(cluster, List.of(0), 1);
		failed.start();
		failed.replacementFailed(this.workers.get(0), "exited with code 1 before it was ready");
		this.meters.operationFinished(failed);
		RollingReload succeeded = new RollingReload(cluster, List.of(), 1);
		succeeded.start();
		this.meters.operationFinished(succeeded);
		this.meters.operationFinished(new Restart(cluster, List.of()));

		Timer failures = this.registry.get("cluster.reload").tag("kind", "reload").tag("outcome", "failed").timer();
		assertThat(failures.count()).isEqualTo(1);
		assertThat(this.registry.get("cluster.reload").tag("outcome", "succeeded").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("cluster.reload").timers()).hasSize(2);
	}

	@Test
	void withoutPrometheusTheScrapeIsEmptyAndWithItItHasTheMeters() {
		assertThat(this.meters.scrape(false)).isEmpty();
		SupervisorMeters prometheus = new SupervisorMeters(SupervisorMeters.newRegistry(), () -> this.workers,
				() -> this.workers.stream());
		assertThat(prometheus.scrape(false)).contains("# TYPE cluster_workers gauge")
			.contains("cluster_workers{state=\"online\"} 0");
	}

	private Worker addWorker(WorkerState state) {
		Worker worker = new Worker(this.workers.size(), Duration.ofMillis(100));
		worker.state = state;
		this.workers.add(worker);
		this.meters.slotAdded(worker.id);
		return worker;
	}

}
