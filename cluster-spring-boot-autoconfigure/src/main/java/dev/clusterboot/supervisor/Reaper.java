package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.supervisor.metrics.SupervisorMeters;

/**
 * What a worker JVM's exit means, handled as the loop's event for it: the slot says what
 * the exit is ({@link SlotExit}), and the reaper acts on it. A draining JVM is forgotten;
 * a replacement that dies stops the rollout; a JVM stopped for a restart is due to start
 * again at once; any other is a crash, and the {@link RestartPolicy} decides between a
 * restart after its back-off, giving the slot up, and giving the whole cluster up when
 * the app cannot start at all.
 */
final class Reaper {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	/** What to do about a worker that could not listen on a port of its launch line. */
	static final String BOUND_PORT_ACTION = "Every worker starts with the supervisor's launch line, so an option "
			+ "that makes the JVM listen on a port binds the same port in every worker. The JMX options "
			+ "com.sun.management.jmxremote.port and .rmi.port get a port of their own in each worker; for "
			+ "another option (an agent that listens), start the app without it and put it in "
			+ "cluster.worker-jvm-arguments with {port:N} in place of the port.";

	private final Supervisor supervisor;

	private final Rotation rotation;

	private final WorkerPool pool;

	private final SupervisorMeters meters;

	private final RestartPolicy policy;

	Reaper(Supervisor supervisor, Rotation rotation, WorkerPool pool, SupervisorMeters meters, RestartPolicy policy) {
		this.supervisor = supervisor;
		this.rotation = rotation;
		this.pool = pool;
		this.meters = meters;
		this.policy = policy;
	}

	void reap(WorkerProcess process, int code, Instant now) {
		this.pool.exited(process);
		this.rotation.leave(process);
		this.supervisor.resources().revoke(process.secret());
		process.exited();
		if (this.pool.leavingExited(process)) {
			logger.info(process.describe() + ended(process, code));
			return;
		}
		Slot slot = this.pool.slotOf(process);
		switch (slot.exited(process, this.supervisor.isStopping())) {
			case RETIRED -> logger.info(process.describe() + ended(process, code));
			case REPLACEMENT_FAILED -> replacementFailed(slot, process.describe(),
					Objects.requireNonNullElse(process.killedBecause(),
							"exited with code " + code + " before it was ready" + hint(process) + portInUse(slot)),
					now);
			case STOPPED -> logger.info(process.describe()
					+ ((process.killedBecause() != null) ? ended(process, code) : " stopped with exit code " + code));
			case DRAINED_FOR_REPLACEMENT -> {
				logger.info(process.describe() + " drained and stopped with exit code " + code + ", to be replaced");
				startAgain(slot, now);
			}
			case RESTART -> {
				slot.history().restartedOnRequest();
				this.meters.restarted(slot.index());
				logger.info(process.describe() + " stopped with exit code " + code + " for a restart");
				startAgain(slot, now);
			}
			case REFILL_FAILED -> {
				// The new JVM of a drain-first replacement: the rollout stops here.
				stopRollout(slot, process.describe(), "exited with code " + code + " before it was ready", now);
				crashed(slot, process, code, now);
			}
			case CRASHED -> crashed(slot, process, code, now);
			case UNKNOWN -> {
			}
		}
	}

	/**
	 * Start the slot's next JVM at once: the pass that follows this exit, as one follows
	 * every event, starts it in its "restart what is due" step, where a crashed slot's
	 * restart after its back-off starts too. The reaper only decides; it starts nothing.
	 */
	private static void startAgain(Slot slot, Instant now) {
		slot.restartAt(now);
	}

	/**
	 * What a JVM that exited before it was ready said about it, as ": it could not listen
	 * on a port: ...", or nothing.
	 */
	private static String hint(@Nullable WorkerProcess process) {
		String hint = (process != null) ? process.jvm().exitHint() : null;
		return (hint != null) ? ": " + hint : "";
	}

	/**
	 * A worker could not start beside a ready one for a port the app opens itself: no
	 * restart could help while the other holds it. During start-up the cluster stops, as
	 * an app that cannot start does, with the app's error and what to do; later that
	 * worker is errored, and the others serve on.
	 */
	private void cannotListen(Slot slot, @Nullable WorkerProcess process, int code, Instant now) {
		this.meters.failedStart(slot.index());
		String explanation = UnsharedPort.explain(slot.index(), Objects.requireNonNull(slot.startFailure()),
				this.pool.readyProcesses(), this.supervisor.resources().sharedPorts());
		slot.startFailed(explanation);
		slot.errored();
		String who = (process != null) ? process.describe() : "worker " + slot.index();
		logger.error(who + " exited with code " + code + " before it was ready: it could not listen on a port that "
				+ "another worker holds; it is not restarted");
		if (!this.pool.hasBeenAllReady()) {
			this.supervisor.giveUp(StartFailure.cannotListen(explanation));
		}
	}

	/** For a replacement that could not bind a port its predecessor holds. */
	private String portInUse(Slot slot) {
		return UnsharedPort.isPortInUse(slot.startFailure())
				? " (a port in use, held by the JVM it would replace: " + UnsharedPort.ACTION + ")" : "";
	}

	private static String ended(WorkerProcess process, int code) {
		return (process.killedBecause() != null) ? " was killed: it " + process.killedBecause()
				: " drained and stopped with exit code " + code;
	}

	/**
	 * A new JVM could not take its slot over: the rollout stops, the old JVMs keep
	 * serving.
	 */
	void replacementFailed(Slot slot, String who, String reason, Instant now) {
		this.meters.failedStart(slot.index());
		stopRollout(slot, who, reason, now);
	}

	private void stopRollout(Slot slot, String who, String reason, Instant now) {
		slot.replacementFailed(reason, now);
		logger.error(who + ", a replacement, " + reason + "; the reload stops, and the workers not replaced yet "
				+ "keep serving");
		this.pool.slots().forEach(Slot::clearOutdated);
	}

	/**
	 * A slot's JVM died on its own, or could not even be started ({@code process} is
	 * null).
	 */
	void crashed(Slot slot, @Nullable WorkerProcess process, int code, Instant now) {
		boolean wasReady = process != null && process.readyAt() != null;
		if (!wasReady && this.pool.hasBeenReady() && UnsharedPort.isPortInUse(slot.startFailure())) {
			cannotListen(slot, process, code, now);
			return;
		}
		Duration uptime = (process != null) ? process.uptime(now) : Duration.ZERO;
		String who = (process != null) ? process.describe() : "worker " + slot.index();
		String hint = "";
		if (!wasReady) {
			this.meters.failedStart(slot.index());
			hint = hint(process);
			if (!hint.isEmpty() && slot.startFailure() == null) {
				slot.startFailed("Description:\n\nThe worker JVM exited before it was ready" + hint + "\n\nAction:\n\n"
						+ BOUND_PORT_ACTION);
			}
		}
		switch (slot.history().crashed(wasReady, uptime, this.pool.hasBeenReady())) {
			case RESTART -> {
				this.meters.restarted(slot.index());
				Duration delay = slot.history().delay();
				slot.restartAt(now.plus(delay));
				logger.warn(who + " exited unexpectedly with code " + code + " after " + uptime.toMillis() + " ms"
						+ hint + "; restarting it in " + delay.toMillis() + " ms (restart " + slot.history().restarts()
						+ ")");
			}
			case ERRORED -> {
				slot.errored();
				logger.error(who + " exited with code " + code + "; it is errored after " + this.policy.maxRestarts()
						+ " unstable restarts (cluster.max-restarts) and will not be restarted");
				if (this.pool.allErrored()) {
					logger.error("Every worker is errored: stopping the cluster");
					this.supervisor.giveUp(null);
				}
			}
			case GIVE_UP_STARTING -> {
				slot.errored();
				logger.error(who + " exited with code " + code + " before it was ready" + hint + ", in each of its "
						+ this.policy.startAttempts() + " start attempts (cluster.start-attempts)");
				if (this.pool.allErrored()) {
					Map<Integer, String> explanations = new LinkedHashMap<>();
					this.pool.slots().forEach((each) -> explanations.put(each.index(), each.startFailure()));
					this.supervisor.giveUp(StartFailure.report(explanations, this.policy.startAttempts()));
				}
			}
		}
	}

}
