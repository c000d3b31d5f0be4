package dev.clusterboot.supervisor.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.metrics.MeterFamily.Type;
import dev.clusterboot.supervisor.process.WorkerJvm;

/**
 * The supervisor's own meters: what no worker can tell about itself. Workers by state,
 * restarts and failed starts per worker, reloads by outcome with their duration, each
 * worker's CPU time and resident memory as the supervisor sees it from outside, and
 * worker scrapes that timed out. Per-worker meters carry the tag {@code worker}, the
 * index, like the series of the workers' own meters in the cluster-wide scrape.
 *
 * <p>
 * The supervisor has no application context, and keeps no meter registry either: it
 * writes these families itself ({@link MeterFamily}), named and laid out as Micrometer's
 * Prometheus registry names and lays out the workers' meters. Gauges read the
 * supervisor's worker state, so scrapes run on the supervisor's loop thread; the methods
 * are synchronized for the counters that channel threads increment.
 */
public final class SupervisorMeters {

	static final String WORKER_TAG = "worker";

	private final Map<String, MeterFamily> families = new TreeMap<>();

	private final MeterFamily restarts = family("cluster_worker_restarts", Type.COUNTER,
			"Restarts of the worker, after a crash or when asked");

	private final MeterFamily failedStarts = family("cluster_worker_failed_starts", Type.COUNTER,
			"Worker JVMs that exited or timed out before they were ready");

	private final MeterFamily scrapesMissed = family("cluster_scrape_missed", Type.COUNTER,
			"Cluster-wide scrapes that left the worker out: it did not answer in time");

	private final MeterFamily messagesDropped = family("cluster_messages_dropped", Type.COUNTER,
			"Cluster messages dropped because a queue was full: at the supervisor, or in the worker");

	private final MeterFamily replaced = family("cluster_worker_replaced", Type.COUNTER,
			"Workers replaced because they stopped answering (unresponsive) or their app is broken");

	private final MeterFamily loopErrors = family("cluster_supervisor_errors", Type.COUNTER,
			"Errors the supervisor's loop caught in one event, and survived");

	private final MeterFamily reloads = family("cluster_reload_seconds", Type.SUMMARY,
			"Rolling reloads, by outcome: asked ones (kind reload), and memory-restart");

	private final MeterFamily memory = family("cluster_worker_memory_bytes", Type.GAUGE,
			"Resident memory of the worker's JVM, read by the supervisor (Linux)");

	private final MeterFamily cpu = family("cluster_worker_cpu_seconds", Type.COUNTER,
			"CPU time of the worker's current JVM; it starts again from 0 when the JVM is replaced");

	private final MeterFamily sharedPorts = family("cluster_shared_port", Type.GAUGE,
			"The public port of each server the workers share: the web server (http), gRPC, RSocket");

	/**
	 * The cluster-wide meters.
	 * @param states the state of every worker JVM and slot: serving, replacing, draining,
	 * waiting
	 */
	public SupervisorMeters(Supplier<Stream<WorkerState>> states) {
		MeterFamily workers = family("cluster_workers", Type.GAUGE,
				"Worker JVMs by state, replacements and draining ones included");
		for (WorkerState state : WorkerState.values()) {
			workers.read(Map.of("state", state.name().toLowerCase(Locale.ROOT)),
					() -> states.get().filter((s) -> s == state).count());
		}
	}

	/**
	 * The workers share a server's public port.
	 * @param server {@code http}, or the server's label, such as {@code grpc}
	 * @param port the public port
	 */
	public synchronized void sharedPort(String server, int port) {
		this.sharedPorts.read(Map.of("server", server), () -> port);
	}

	/**
	 * A new slot: its gauges read whichever JVM serves it, and its counters exist from 0
	 * on, so that a query over them has a series before the first restart.
	 * @param id the slot's index
	 * @param jvm the JVM serving it now, or {@code null} while it has none
	 */
	public synchronized void slotAdded(int id, Supplier<@Nullable WorkerJvm> jvm) {
		Map<String, String> worker = worker(id);
		this.restarts.counter(worker);
		this.failedStarts.counter(worker);
		this.scrapesMissed.counter(worker);
		this.messagesDropped.counter(dropped(id));
		this.memory.read(worker, () -> memoryOf(jvm.get()));
		this.cpu.read(worker, () -> cpuSecondsOf(jvm.get()));
	}

	/**
	 * A slot scaled away: its gauges go, its counters stay until the supervisor exits.
	 */
	public synchronized void slotRemoved(int id) {
		this.memory.remove(worker(id));
		this.cpu.remove(worker(id));
	}

	/** The supervisor's loop caught an error in one event and went on. */
	public synchronized void loopError() {
		this.loopErrors.counter(Map.of()).increment();
	}

	/**
	 * A worker was replaced because it was unwell: it stopped answering, or its app said
	 * it is broken.
	 * @param id the worker index
	 * @param reason {@code unresponsive} or {@code broken}
	 */
	public synchronized void replacedUnwell(int id, String reason) {
		this.replaced.counter(Map.of(WORKER_TAG, Integer.toString(id), "reason", reason)).increment();
	}

	public synchronized void restarted(int id) {
		this.restarts.counter(worker(id)).increment();
	}

	public synchronized void failedStart(int id) {
		this.failedStarts.counter(worker(id)).increment();
	}

	public synchronized void scrapeMissed(int id) {
		this.scrapesMissed.counter(worker(id)).increment();
	}

	/**
	 * A message for the worker was dropped at the supervisor: the worker did not keep up.
	 */
	public synchronized void messageDropped(int id) {
		this.messagesDropped.counter(dropped(id)).increment();
	}

	/**
	 * A rolling reload (asked, or for memory) finished: counted by outcome, with its
	 * duration.
	 * @param report the finished operation
	 * @param duration how long it ran
	 */
	public synchronized void reloadFinished(OperationReport report, Duration duration) {
		this.reloads.summary(Map.of("kind", report.kind(), "outcome", report.outcome().name().toLowerCase(Locale.ROOT)))
			.record(duration.toNanos() / 1e9);
	}

	/**
	 * These meters in a Prometheus text format, each family only once it has a series.
	 * @param format the text format
	 * @return the text, without OpenMetrics' closing {@code # EOF}, which the merge adds
	 */
	public synchronized String scrape(ScrapeFormat format) {
		StringBuilder out = new StringBuilder();
		this.families.values().forEach((family) -> family.writeTo(out, format));
		return out.toString();
	}

	private MeterFamily family(String name, Type type, String help) {
		MeterFamily family = new MeterFamily(name, type, help);
		this.families.put(name, family);
		return family;
	}

	private static Map<String, String> worker(int id) {
		return Map.of(WORKER_TAG, Integer.toString(id));
	}

	private static Map<String, String> dropped(int id) {
		return Map.of(WORKER_TAG, Integer.toString(id), "queue", "supervisor");
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

}
