package dev.clusterboot.supervisor.process;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.WorkerEnvironment;

/**
 * Starts worker JVMs: the supervisor's seam to the operating system, replaced in unit
 * tests of the supervisor's loop.
 */
public interface ProcessLauncher {

	/**
	 * Start a worker.
	 * @param environment what the worker is told, through its environment
	 * @return the started JVM
	 * @throws IOException when it cannot be started
	 */
	WorkerJvm launch(WorkerEnvironment environment) throws IOException;

	/**
	 * Get ready to start JVMs of the app as it is now, for instance by making its
	 * start-up cache in the background.
	 * @return whether JVMs may start now; {@code false} while what they start from is
	 * being made
	 */
	default boolean prepare() {
		return true;
	}

	/**
	 * Whether what JVMs start from is being made now: a query, which starts nothing.
	 * @return {@code true} while it is being made
	 */
	default boolean isPreparing() {
		return false;
	}

	/**
	 * Stop what is being made for JVMs to start from, as the supervisor stops: no JVM of
	 * the app may outlive it.
	 */
	default void close() {
	}

	/**
	 * Which build of the app a JVM started now runs, for the status.
	 * @return a label, or {@code null} when unknown
	 */
	@Nullable String appVersion();

}
