package dev.clusterboot.supervisor.process;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A worker JVM as the supervisor sees it from outside: its pid, its exit, the two signals
 * it may send it, and what the operating system tells about it.
 */
public interface WorkerJvm {

	long pid();

	boolean isAlive();

	/** Completes with the exit code once the JVM has exited. */
	CompletableFuture<Integer> onExit();

	/** Ask it to stop: SIGTERM, which runs Spring's shutdown hook. */
	void terminate();

	/** End it: SIGKILL. */
	void kill();

	/** CPU time used so far, or {@code null} where the system does not tell. */
	@Nullable Duration cpuTime();

	/**
	 * Resident memory in bytes, or {@code null} where the system does not tell (not
	 * Linux) or once exited.
	 */
	@Nullable Long residentMemory();

	/**
	 * What its own output says about an early exit that the app could not report itself,
	 * such as a port already in use when the JMX agent starts.
	 * @return the explanation, or {@code null}
	 */
	default @Nullable String exitHint() {
		return null;
	}

	/**
	 * The TCP ports it listens on, where the system tells (Linux), to name a port the app
	 * opened itself, which the other workers then cannot bind.
	 * @return the ports, empty where unknown
	 */
	default Set<Integer> listeningPorts() {
		return Set.of();
	}

}
