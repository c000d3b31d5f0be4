package dev.clusterboot.supervisor;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.supervisor.endpoint.EndpointFanIn;
import dev.clusterboot.supervisor.endpoint.LoggerLevels;
import dev.clusterboot.supervisor.metrics.ScrapeFanIn;
import dev.clusterboot.supervisor.metrics.SupervisorMeters;
import dev.clusterboot.supervisor.process.ProcessLauncher;

/**
 * The loop's collaborators, each owning its state, made and wired once, so that the
 * {@link Supervisor} is only the loop that drives them. The order is that of what each
 * needs: the pool first, then what reads it, the reaper before the starts that queue
 * exits for it.
 *
 * @param pool the slots and their JVMs
 * @param meters the supervisor's meters
 * @param operations the operations table
 * @param scrapes the scrapes waiting on workers
 * @param endpoints the endpoint requests waiting on workers
 * @param rotation which JVMs new connections may reach
 * @param starts starts and stops JVMs
 * @param liveness the heartbeats
 * @param memory the memory limit, {@code null} without {@code cluster.max-memory-restart}
 * @param convergence the steps that converge the slots to their targets
 */
record SupervisorParts(WorkerPool pool, SupervisorMeters meters, Operations operations, ScrapeFanIn scrapes,
		EndpointFanIn endpoints, Rotation rotation, WorkerStarts starts, Liveness liveness,
		@Nullable MemoryLimit memory, Convergence convergence) {

	static SupervisorParts wire(Supervisor supervisor, SupervisorSettings settings, ProcessLauncher launcher,
			Clock clock) {
		WorkerPool pool = new WorkerPool(settings.instances(), settings.restartPolicy());
		SupervisorMeters meters = new SupervisorMeters(pool::states);
		Operations operations = new Operations(settings.availableProcessors(), settings.maxInstances(), meters);
		ScrapeFanIn scrapes = new ScrapeFanIn(settings.scrapeTimeout(), meters);
		LoggerLevels loggerLevels = new LoggerLevels();
		EndpointFanIn endpoints = new EndpointFanIn(settings.scrapeTimeout(), loggerLevels);
		Rotation rotation = new Rotation(supervisor::resources);
		Reaper reaper = new Reaper(supervisor, rotation, pool, meters, settings.restartPolicy());
		WorkerStarts starts = new WorkerStarts(settings, launcher, pool, supervisor::resources, rotation, reaper,
				loggerLevels::levels, supervisor::post, clock);
		Liveness liveness = new Liveness(settings.heartbeatInterval(), settings.heartbeatTimeout(), pool, meters,
				rotation);
		MemoryLimit memory = (settings.maxMemoryRestart() != null)
				? new MemoryLimit(settings.maxMemoryRestart(), settings.memoryCheckInterval()) : null;
		Convergence convergence = new Convergence(settings, pool, starts, rotation, meters, launcher);
		return new SupervisorParts(pool, meters, operations, scrapes, endpoints, rotation, starts, liveness, memory,
				convergence);
	}

}
