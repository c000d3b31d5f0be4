package dev.clusterboot.supervisor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.WorkerEnvironment;
import dev.clusterboot.supervisor.process.ProcessLauncher;
import dev.clusterboot.supervisor.process.WorkerJvm;

/**
 * How the loop's steps start and stop worker JVMs. A JVM starts with an environment of
 * its own (its secret included), joins the pool, and its exit is queued for the
 * {@link Reaper}; a launch that fails, an {@code Error} included (a pids limit makes the
 * thread that waits on a JVM fail to start), is a failed start of that slot only. A JVM
 * leaves the rotation before it is asked to drain.
 */
final class WorkerStarts {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final SupervisorSettings settings;

	private final ProcessLauncher launcher;

	private final WorkerPool pool;

	private final Supplier<ClusterSockets> resources;

	private final Rotation rotation;

	/** The logger levels set at run time for every worker, which new JVMs start with. */
	private final Supplier<Map<String, String>> loggerLevels;

	private final Consumer<Runnable> loop;

	private final Clock clock;

	private final Reaper reaper;

	WorkerStarts(SupervisorSettings settings, ProcessLauncher launcher, WorkerPool pool,
			Supplier<ClusterSockets> resources, Rotation rotation, Reaper reaper,
			Supplier<Map<String, String>> loggerLevels, Consumer<Runnable> loop, Clock clock) {
		this.settings = settings;
		this.reaper = reaper;
		this.loggerLevels = loggerLevels;
		this.launcher = launcher;
		this.pool = pool;
		this.resources = resources;
		this.rotation = rotation;
		this.loop = loop;
		this.clock = clock;
	}

	/** Start a slot's JVM; one that cannot start is a crash of the slot. */
	void spawn(Slot slot, Instant now) {
		WorkerProcess process = launch(slot.index(), now);
		if (process != null) {
			slot.started(process);
		}
		else {
			this.reaper.crashed(slot, null, -1, now);
		}
	}

	/**
	 * Start the slot's replacement beside its JVM; one that cannot start stops the
	 * rollout.
	 */
	void startReplacement(Slot slot, Instant now) {
		WorkerProcess process = launch(slot.index(), now);
		if (process != null) {
			slot.replacementStarted(process);
		}
		else {
			this.reaper.replacementFailed(slot, "worker " + slot.index(), "could not be started", now);
		}
	}

	/** Replace the slot's JVM drain-first: it drains, then its new JVM starts. */
	void drainFirst(Slot slot, Instant now) {
		WorkerProcess current = slot.current();
		if (current == null) {
			spawn(slot, now);
			return;
		}
		slot.drainFirst();
		stop(current, now);
	}

	/** Take the JVM out of the rotation, and ask it to drain and exit. */
	void stop(WorkerProcess process, Instant now) {
		stop(process, now, false);
	}

	/** Stop a JVM whose slot goes away with it, as a scale-down does. */
	void retire(WorkerProcess process, Instant now) {
		stop(process, now, true);
	}

	private void stop(WorkerProcess process, Instant now, boolean retiring) {
		this.rotation.leave(process);
		process.stop(now, this.settings.shutdownTimeout(), retiring);
	}

	private @Nullable WorkerProcess launch(int index, Instant now) {
		WorkerJvm jvm = null;
		WorkerEnvironment environment = null;
		try {
			// A JVM that joins warm workers starts slowly; one that joins none takes its
			// share at once, or no one would serve the connections it leaves.
			Duration slowStart = this.pool.hasWarmWorker(now) ? this.settings.slowStart() : Duration.ZERO;
			environment = this.resources.get()
				.environmentFor(index, slowStart)
				.withLoggerLevels(this.loggerLevels.get());
			jvm = this.launcher.launch(environment);
			WorkerProcess process = new WorkerProcess(index, jvm, environment.secret(), now,
					this.settings.listenTimeout(), this.settings.startTimeout(), this.launcher.appVersion(),
					environment.slowStart());
			this.pool.launched(jvm);
			jvm.onExit()
				.thenAccept((code) -> this.loop.accept(() -> this.reaper.reap(process, code, this.clock.instant())));
			logger.info("Started " + process.describe());
			return process;
		}
		catch (IOException | RuntimeException | Error ex) {
			logger.error("Cannot start worker " + index + " with " + this.launcher + ": " + ex);
			if (jvm != null) {
				jvm.kill();
			}
			if (environment != null) {
				this.resources.get().revoke(environment.secret());
			}
			return null;
		}
	}

}
