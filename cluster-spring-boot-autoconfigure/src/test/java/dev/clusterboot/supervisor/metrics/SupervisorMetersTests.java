package dev.clusterboot.supervisor.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationReport.Progress;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.testsupport.Exposition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's meters, read from their scrape as Prometheus reads it.
 */
class SupervisorMetersTests {

	private final List<WorkerState> states = new ArrayList<>();

	private final SupervisorMeters meters = new SupervisorMeters(this.states::stream);

	@Test
	void workersAreCountedByState() {
		this.states.addAll(List.of(WorkerState.ONLINE, WorkerState.ONLINE, WorkerState.WAITING_RESTART));
		Exposition scrape = scrape();
		assertThat(scrape.value("cluster_workers", Map.of("state", "online"))).isEqualTo(2);
		assertThat(scrape.value("cluster_workers", Map.of("state", "waiting_restart"))).isEqualTo(1);
		assertThat(scrape.value("cluster_workers", Map.of("state", "errored"))).isZero();
	}

	@Test
	void restartsAndFailedStartsAreCountedPerWorkerFromZero() {
		this.meters.slotAdded(0, () -> null);
		this.meters.slotAdded(1, () -> null);
		this.meters.restarted(1);
		this.meters.restarted(1);
		this.meters.failedStart(1);
		Exposition scrape = scrape();
		assertThat(scrape.value("cluster_worker_restarts_total", Map.of("worker", "1"))).isEqualTo(2);
		assertThat(scrape.value("cluster_worker_failed_starts_total", Map.of("worker", "1"))).isEqualTo(1);
		assertThat(scrape.value("cluster_worker_restarts_total", Map.of("worker", "0"))).isZero();
	}

	@Test
	void aSlotScaledAwayTakesItsGaugesWithIt() {
		this.meters.slotAdded(0, () -> null);
		this.meters.slotAdded(1, () -> null);
		assertThat(scrape().workersOf("cluster_worker_memory_bytes")).containsExactlyInAnyOrder("0", "1");
		this.meters.slotRemoved(1);
		Exposition scrape = scrape();
		assertThat(scrape.workersOf("cluster_worker_memory_bytes")).containsExactly("0");
		assertThat(scrape.value("cluster_worker_cpu_seconds_total", Map.of("worker", "1"))).isNull();
		assertThat(scrape.value("cluster_worker_restarts_total", Map.of("worker", "1"))).isZero();
	}

	@Test
	void reloadsAreTimedByKindAndOutcome() {
		this.meters.reloadFinished(report("reload", Progress.FAILED), Duration.ofSeconds(3));
		this.meters.reloadFinished(report("reload", Progress.SUCCEEDED), Duration.ofSeconds(4));
		this.meters.reloadFinished(report("memory-restart", Progress.SUCCEEDED), Duration.ofSeconds(5));
		Exposition scrape = scrape();
		assertThat(scrape.value("cluster_reload_seconds", Map.of("kind", "reload", "outcome", "failed"))).isEqualTo(1);
		assertThat(scrape.value("cluster_reload_seconds_max", Map.of("kind", "reload", "outcome", "failed")))
			.isEqualTo(3);
		assertThat(scrape.value("cluster_reload_seconds", Map.of("kind", "memory-restart", "outcome", "succeeded")))
			.isEqualTo(1);
	}

	@Test
	void bothFormatsAreWhatMicrometersPrometheusRegistryWritesForTheSameMeters() {
		this.states.addAll(List.of(WorkerState.ONLINE, WorkerState.STARTING));
		PrometheusMeterRegistry reference = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		for (WorkerState state : WorkerState.values()) {
			Gauge.builder("cluster.workers", () -> this.states.stream().filter((s) -> s == state).count())
				.description("Worker JVMs by state, replacements and draining ones included")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(reference);
		}
		for (int id = 0; id < 2; id++) {
			this.meters.slotAdded(id, () -> null);
			String worker = Integer.toString(id);
			counter(reference, "cluster.worker.restarts", "Restarts of the worker, after a crash or when asked",
					worker);
			counter(reference, "cluster.worker.failed.starts",
					"Worker JVMs that exited or timed out before they were ready", worker);
			counter(reference, "cluster.scrape.missed",
					"Cluster-wide scrapes that left the worker out: it did not answer in time", worker);
			Counter.builder("cluster.messages.dropped")
				.description("Cluster messages dropped because a queue was full: at the supervisor, or in the worker")
				.tags("worker", worker, "queue", "supervisor")
				.register(reference);
			Gauge.builder("cluster.worker.memory", () -> Double.NaN)
				.description("Resident memory of the worker's JVM, read by the supervisor (Linux)")
				.baseUnit("bytes")
				.tag("worker", worker)
				.register(reference);
			FunctionCounter.builder("cluster.worker.cpu", this, (any) -> 0)
				.description("CPU time of the worker's current JVM; it starts again from 0 when the JVM is replaced")
				.baseUnit("seconds")
				.tag("worker", worker)
				.register(reference);
		}
		this.meters.restarted(1);
		counter(reference, "cluster.worker.restarts", "Restarts of the worker, after a crash or when asked", "1")
			.increment();
		this.meters.replacedUnwell(0, "unresponsive");
		Counter.builder("cluster.worker.replaced")
			.description("Workers replaced because they stopped answering (unresponsive) or their app is broken")
			.tags("worker", "0", "reason", "unresponsive")
			.register(reference)
			.increment();
		this.meters.loopError();
		Counter.builder("cluster.supervisor.errors")
			.description("Errors the supervisor's loop caught in one event, and survived")
			.register(reference)
			.increment();
		this.meters.reloadFinished(report("reload", Progress.SUCCEEDED), Duration.ofMillis(3500));
		Timer.builder("cluster.reload")
			.description("Rolling reloads, by outcome: asked ones (kind reload), and memory-restart")
			.tags("kind", "reload", "outcome", "succeeded")
			.register(reference)
			.record(3500, TimeUnit.MILLISECONDS);
		assertThat(this.meters.scrape(ScrapeFormat.PROMETHEUS_TEXT))
			.isEqualTo(reference.scrape("text/plain;version=0.0.4;charset=utf-8"));
		assertThat(this.meters.scrape(ScrapeFormat.OPENMETRICS_TEXT) + "# EOF\n")
			.isEqualTo(reference.scrape("application/openmetrics-text;version=1.0.0;charset=utf-8"));
		// Prometheus's own parser reads it too, where promtool is installed (in CI).
		scrape().checkWithPromtool();
	}

	@Test
	void aFamilyWithoutSeriesIsLeftOut() {
		assertThat(this.meters.scrape(ScrapeFormat.PROMETHEUS_TEXT)).contains("# TYPE cluster_workers gauge")
			.doesNotContain("cluster_reload_seconds")
			.doesNotContain("cluster_worker_restarts");
	}

	private Exposition scrape() {
		return Exposition.parse(this.meters.scrape(ScrapeFormat.PROMETHEUS_TEXT));
	}

	private static Counter counter(PrometheusMeterRegistry registry, String name, String description, String worker) {
		return Counter.builder(name).description(description).tag("worker", worker).register(registry);
	}

	private static OperationReport report(String kind, Progress outcome) {
		return new OperationReport("id", kind, outcome, "", Instant.EPOCH, Instant.EPOCH);
	}

}
