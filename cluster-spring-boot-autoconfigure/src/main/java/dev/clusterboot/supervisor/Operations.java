package dev.clusterboot.supervisor;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.supervisor.metrics.SupervisorMeters;

/**
 * The operations table: one entry per operation, with its validation and the operation it
 * starts, the one-at-a-time rule, and the operation running or last finished. A request
 * is checked in that order: valid (else rejected), the cluster not stopping, no other
 * operation running (else busy); then it starts and is accepted.
 */
final class Operations {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final Map<Operation, Entry> table = new EnumMap<>(Operation.class);

	private final SupervisorMeters meters;

	private @Nullable ClusterOperation current;

	/**
	 * Create the table.
	 * @param availableProcessors what {@code max} means to a scale
	 * @param meters times finished reloads
	 */
	Operations(int availableProcessors, int maxInstances, SupervisorMeters meters) {
		this.meters = meters;
		this.table.put(Operation.RELOAD, new Entry(Operations::validIndex,
				(request, cluster, now) -> new Reload(now, targets(request, cluster))));
		this.table.put(Operation.RESTART, new Entry(Operations::validIndex,
				(request, cluster, now) -> new Restart(now, targets(request, cluster))));
		this.table.put(Operation.SCALE, new Entry((request, cluster) -> {
			ScaleTarget.resolve(request.instances(), cluster.slots().size(), availableProcessors, maxInstances);
			return null;
		}, (request, cluster, now) -> new Scale(now, cluster.slots().size(),
				ScaleTarget.resolve(request.instances(), cluster.slots().size(), availableProcessors, maxInstances))));
	}

	/**
	 * Take a request.
	 * @param request the request
	 * @param cluster the cluster, to check the request against and to set its targets
	 * @param stopping whether the cluster is stopping
	 * @param source who asked, for the log
	 * @param now the time
	 * @return the outcome
	 */
	OperationOutcome submit(OperationRequest request, SlotTargets cluster, boolean stopping, String source,
			Instant now) {
		Entry entry = this.table.get(request.operation());
		String invalid;
		try {
			invalid = entry.validation().check(request, cluster);
		}
		catch (IllegalArgumentException ex) {
			invalid = ex.getMessage();
		}
		if (invalid != null) {
			return new OperationOutcome.Rejected(invalid);
		}
		if (stopping) {
			return new OperationOutcome.Stopping("The cluster is stopping");
		}
		ClusterOperation running = this.current;
		if (running != null && running.isRunning() && running.isSupersededBy(request)) {
			ClusterOperation started = entry.factory().create(request, cluster, now);
			running.superseded(started.id(), now);
			logger.info("Operation " + started.id() + ": " + request.operation().pathName() + " asked " + source
					+ ", superseding operation " + running.id());
			finished(running, now);
			return new OperationOutcome.Accepted(start(started, cluster, now));
		}
		if (this.current != null && this.current.isRunning()) {
			return new OperationOutcome.Busy("A " + this.current.kind() + " is running (operation " + this.current.id()
					+ "): wait until it finishes", this.current.report());
		}
		ClusterOperation started = entry.factory().create(request, cluster, now);
		logger.info("Operation " + started.id() + ": " + request.operation().pathName() + " asked " + source);
		return new OperationOutcome.Accepted(start(started, cluster, now));
	}

	/**
	 * Start an operation the supervisor decided on itself, if no other runs.
	 * @return whether it started
	 */
	boolean startUnlessBusy(ClusterOperation operation, SlotTargets cluster, Instant now) {
		if (isRunning()) {
			return false;
		}
		start(operation, cluster, now);
		return true;
	}

	/** It sets its targets now; the loop's next pass acts on them, then it observes. */
	private OperationReport start(ClusterOperation operation, SlotTargets cluster, Instant now) {
		this.current = operation;
		operation.begin(cluster);
		return operation.report();
	}

	/** After a pass of the loop: the running operation reads where the slots stand. */
	void observe(SlotTargets cluster, Instant now) {
		ClusterOperation running = this.current;
		if (running != null && running.isRunning()) {
			running.observe(cluster, now);
			finished(running, now);
		}
	}

	private void finished(ClusterOperation operation, Instant now) {
		if (operation.isRunning()) {
			return;
		}
		OperationReport report = operation.report();
		String message = "Operation " + report.id() + " (" + report.kind() + ") " + report.outcome() + " after "
				+ operation.duration(now).toMillis() + " ms: " + report.detail();
		if (report.outcome() == OperationReport.Progress.FAILED) {
			logger.error(message);
		}
		else {
			logger.info(message);
		}
		if (operation.isReload()) {
			this.meters.reloadFinished(report, operation.duration(now));
		}
	}

	boolean isRunning() {
		return this.current != null && this.current.isRunning();
	}

	/** Whether a rolling reload runs, one asked for or one the supervisor started. */
	boolean isReloadRunning() {
		return isRunning() && this.current.isReload();
	}

	/** The operation running, or the last one; {@code null} before the first. */
	@Nullable OperationReport report() {
		return (this.current != null) ? this.current.report() : null;
	}

	private static @Nullable String validIndex(OperationRequest request, SlotTargets cluster) {
		Integer instance = request.instance();
		int size = cluster.slots().size();
		if (instance != null && (instance < 0 || instance >= size)) {
			return "No worker with index " + instance + ": the indexes are 0 to " + (size - 1);
		}
		return null;
	}

	private static List<Integer> targets(OperationRequest request, SlotTargets cluster) {
		return (request.instance() != null) ? List.of(request.instance())
				: IntStream.range(0, cluster.slots().size()).boxed().toList();
	}

	/**
	 * How a request is checked: a message for the caller, or {@code null} when it is
	 * valid.
	 */
	@FunctionalInterface
	interface Validation {

		@Nullable String check(OperationRequest request, SlotTargets cluster);

	}

	/** Starts the operation a valid request asks for. */
	@FunctionalInterface
	interface Factory {

		ClusterOperation create(OperationRequest request, SlotTargets cluster, Instant now);

	}

	/**
	 * One row of the table.
	 *
	 * @param validation checks a request
	 * @param factory starts the operation
	 */
	record Entry(Validation validation, Factory factory) {
	}

}
