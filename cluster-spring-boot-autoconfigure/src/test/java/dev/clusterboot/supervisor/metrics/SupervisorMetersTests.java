package dev.clusterboot.supervisor.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationReport.Progress;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's meters, read from a registry as a scrape would.
 */
class SupervisorMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<WorkerState> states = new ArrayList<>();

	private final SupervisorMeters meters = new SupervisorMeters(this.registry, this.states::stream);

	@Test
	void workersAreCountedByState() {
		this.states.addAll(List.of(WorkerState.ONLINE, WorkerState.ONLINE, WorkerState.WAITING_RESTART));
		assertThat(this.registry.get("cluster.workers").tag("state", "online").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("cluster.workers").tag("state", "waiting_restart").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("cluster.workers").tag("state", "errored").gauge().value()).isZero();
	}

	@Test
	void restartsAndFailedStartsAreCountedPerWorkerFromZero() {
		this.meters.slotAdded(0, () -> null);
		this.meters.slotAdded(1, () -> null);
		this.meters.restarted(1);
		this.meters.restarted(1);
		this.meters.failedStart(1);
		assertThat(this.registry.get("cluster.worker.restarts").tag("worker", "1").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("cluster.worker.failed.starts").tag("worker", "1").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("cluster.worker.restarts").tag("worker", "0").counter().count()).isZero();
	}

	@Test
	void aSlotScaledAwayTakesItsGaugesWithIt() {
		this.meters.slotAdded(0, () -> null);
		this.meters.slotAdded(1, () -> null);
		assertThat(this.registry.find("cluster.worker.memory").gauges()).hasSize(2);
		this.meters.slotRemoved(1);
		assertThat(this.registry.find("cluster.worker.memory").gauges()).hasSize(1);
		assertThat(this.registry.find("cluster.worker.cpu").tag("worker", "1").functionCounter()).isNull();
	}

	@Test
	void reloadsAreTimedByKindAndOutcome() {
		this.meters.reloadFinished(report("reload", Progress.FAILED), Duration.ofSeconds(3));
		this.meters.reloadFinished(report("reload", Progress.SUCCEEDED), Duration.ofSeconds(4));
		this.meters.reloadFinished(report("memory-restart", Progress.SUCCEEDED), Duration.ofSeconds(5));
		Timer failures = this.registry.get("cluster.reload").tag("kind", "reload").tag("outcome", "failed").timer();
		assertThat(failures.count()).isEqualTo(1);
		assertThat(failures.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(
				this.registry.get("cluster.reload").tag("kind", "reload").tag("outcome", "succeeded").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.find("cluster.reload").timers()).hasSize(3);
	}

	@Test
	void withoutPrometheusTheScrapeIsEmptyAndWithItItHasTheMeters() {
		assertThat(this.meters.scrape(ScrapeFormat.PROMETHEUS_TEXT)).isEmpty();
		SupervisorMeters prometheus = new SupervisorMeters(SupervisorMeters.newRegistry(), this.states::stream);
		assertThat(prometheus.scrape(ScrapeFormat.PROMETHEUS_TEXT)).contains("# TYPE cluster_workers gauge")
			.contains("cluster_workers{state=\"online\"} 0");
	}

	private static OperationReport report(String kind, Progress outcome) {
		return new OperationReport("id", kind, outcome, "", Instant.EPOCH, Instant.EPOCH);
	}

}
