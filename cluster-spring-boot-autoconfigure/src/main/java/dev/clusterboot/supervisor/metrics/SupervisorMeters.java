package dev.clusterboot.supervisor.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.process.WorkerJvm;

/**
 * The supervisor's own meters: what no worker can tell about itself. Workers by state,
 * restarts and failed starts per worker, reloads by outcome with their duration, each
 * worker's CPU time and resident memory as the supervisor sees it from outside, and
 * worker scrapes that timed out. Per-worker meters carry the tag {@code worker}, the
 * index, like the series of the workers' own meters in the cluster-wide scrape.
 *
 * <p>
 * The supervisor has no application context, so it keeps its own registry: Prometheus's
 * when the app has {@code micrometer-registry-prometheus}, for the cluster-wide scrape.
 * Gauges read the supervisor's worker state, so the registry is read on the supervisor's
 * loop thread only.
 */
public final class SupervisorMeters {

	static final String WORKER_TAG = "worker";

	private static final boolean PROMETHEUS_PRESENT = ClassUtils
		.isPresent("io.micrometer.prometheusmetrics.PrometheusMeterRegistry", SupervisorMeters.class.getClassLoader());

	private final MeterRegistry registry;

	private final Map<Integer, List<Meter>> perWorkerGauges = new HashMap<>();

	/**
	 * Register the cluster-wide meters.
	 * @param registry where the meters live
	 * @param states the state of every worker JVM and slot: serving, replacing, draining,
	 * waiting
	 */
	public SupervisorMeters(MeterRegistry registry, Supplier<Stream<WorkerState>> states) {
		this.registry = registry;
		for (WorkerState state : WorkerState.values()) {
			Gauge.builder("cluster.workers", () -> states.get().filter((s) -> s == state).count())
				.description("Worker JVMs by state, replacements and draining ones included")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

	/**
	 * Prometheus's registry when the app has it, so that the cluster-wide scrape includes
	 * these.
	 */
	public static MeterRegistry newRegistry() {
		return PROMETHEUS_PRESENT ? PrometheusText.newRegistry() : new SimpleMeterRegistry();
	}

	/**
	 * A new slot: its gauges read whichever JVM serves it, and its counters exist from 0
	 * on, so that a query over them has a series before the first restart.
	 * @param id the slot's index
	 * @param jvm the JVM serving it now, or {@code null} while it has none
	 */
	public void slotAdded(int id, Supplier<@Nullable WorkerJvm> jvm) {
		restarts(id);
		failedStarts(id);
		scrapesMissed(id);
		messagesDropped(id);
		List<Meter> gauges = new ArrayList<>();
		gauges.add(Gauge.builder("cluster.worker.memory", () -> memoryOf(jvm.get()))
			.description("Resident memory of the worker's JVM, read by the supervisor (Linux)")
			.baseUnit("bytes")
			.tag(WORKER_TAG, Integer.toString(id))
			.register(this.registry));
		gauges.add(FunctionCounter.builder("cluster.worker.cpu", jvm, (current) -> cpuSecondsOf(current.get()))
			.description("CPU time of the worker's current JVM; it starts again from 0 when the JVM is replaced")
			.baseUnit("seconds")
			.tag(WORKER_TAG, Integer.toString(id))
			.register(this.registry));
		this.perWorkerGauges.put(id, gauges);
	}

	/**
	 * A slot scaled away: its gauges go, its counters stay until the supervisor exits.
	 */
	public void slotRemoved(int id) {
		List<Meter> gauges = this.perWorkerGauges.remove(id);
		if (gauges != null) {
			gauges.forEach(this.registry::remove);
		}
	}

	/** The supervisor's loop caught an error in one event and went on. */
	public void loopError() {
		Counter.builder("cluster.supervisor.errors")
			.description("Errors the supervisor's loop caught in one event, and survived")
			.register(this.registry)
			.increment();
	}

	/**
	 * A worker was replaced because it was unwell: it stopped answering, or its app said
	 * it is broken.
	 * @param id the worker index
	 * @param reason {@code unresponsive} or {@code broken}
	 */
	public void replacedUnwell(int id, String reason) {
		Counter.builder("cluster.worker.replaced")
			.description("Workers replaced because they stopped answering (unresponsive) or their app is broken")
			.tag(WORKER_TAG, Integer.toString(id))
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	public void restarted(int id) {
		restarts(id).increment();
	}

	public void failedStart(int id) {
		failedStarts(id).increment();
	}

	public void scrapeMissed(int id) {
		scrapesMissed(id).increment();
	}

	/**
	 * A message for the worker was dropped at the supervisor: the worker did not keep up.
	 */
	public void messageDropped(int id) {
		messagesDropped(id).increment();
	}

	private Counter restarts(int id) {
		return counter("cluster.worker.restarts", "Restarts of the worker, after a crash or when asked", id);
	}

	private Counter failedStarts(int id) {
		return counter("cluster.worker.failed.starts", "Worker JVMs that exited or timed out before they were ready",
				id);
	}

	private Counter messagesDropped(int id) {
		return Counter.builder("cluster.messages.dropped")
			.description("Cluster messages dropped because a queue was full: at the supervisor, or in the worker")
			.tag(WORKER_TAG, Integer.toString(id))
			.tag("queue", "supervisor")
			.register(this.registry);
	}

	private Counter scrapesMissed(int id) {
		return counter("cluster.scrape.missed",
				"Cluster-wide scrapes that left the worker out: it did not answer in time", id);
	}

	/**
	 * A rolling reload (asked, or for memory) finished: counted by outcome, with its
	 * duration.
	 * @param report the finished operation
	 * @param duration how long it ran
	 */
	public void reloadFinished(OperationReport report, Duration duration) {
		Timer.builder("cluster.reload")
			.description("Rolling reloads, by outcome: asked ones (kind reload), and memory-restart")
			.tag("kind", report.kind())
			.tag("outcome", report.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.record(duration);
	}

	/**
	 * These meters in Prometheus's text format.
	 * @param format the text format
	 * @return the text, empty without Prometheus's registry
	 */
	public String scrape(ScrapeFormat format) {
		return PROMETHEUS_PRESENT ? PrometheusText.scrape(this.registry, format) : "";
	}

	public MeterRegistry registry() {
		return this.registry;
	}

	private Counter counter(String name, String description, int id) {
		return Counter.builder(name)
			.description(description)
			.tag(WORKER_TAG, Integer.toString(id))
			.register(this.registry);
	}

	private static double memoryOf(@Nullable WorkerJvm jvm) {
		Long memory = (jvm != null) ? jvm.residentMemory() : null;
		return (memory != null) ? memory : Double.NaN;
	}

	private static double cpuSecondsOf(@Nullable WorkerJvm jvm) {
		if (jvm == null || !jvm.isAlive()) {
			return 0;
		}
		Duration cpu = jvm.cpuTime();
		return (cpu != null) ? cpu.toNanos() / 1e9 : 0;
	}

	/** Kept apart so that the class loads without Prometheus's registry. */
	private static final class PrometheusText {

		static MeterRegistry newRegistry() {
			return new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
					io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
		}

		static String scrape(MeterRegistry registry, ScrapeFormat format) {
			if (!(registry instanceof io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus)) {
				return "";
			}
			return prometheus.scrape((format == ScrapeFormat.OPENMETRICS_TEXT)
					? "application/openmetrics-text;version=1.0.0;charset=utf-8"
					: "text/plain;version=0.0.4;charset=utf-8");
		}

	}

}
