package dev.clusterboot.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.contract.WorkerEnvironment;
import dev.clusterboot.supervisor.systemd.ServiceNotifications;
import dev.clusterboot.supervisor.systemd.SocketActivation;

/**
 * Starts each worker as a child JVM with the supervisor's own command line, and relays
 * its output through the supervisor's, every line prefixed with the worker index.
 */
public final class JvmLauncher implements ProcessLauncher {

	private final JavaCommand command;

	private final String logPrefix;

	private final @Nullable StartupCache cache;

	private final WorkerJvmOptions options;

	/** The JVM numbers held by running workers: see {@link WorkerJvmOptions}. */
	private final Set<Integer> jvmNumbers = ConcurrentHashMap.newKeySet();

	/**
	 * Create the launcher.
	 * @param command how to start a worker
	 * @param logPrefix the prefix of each line a worker writes; {@code {id}} is its index
	 * @param cache what workers start from, if anything
	 * @param options the options that differ between workers
	 */
	public JvmLauncher(JavaCommand command, String logPrefix, @Nullable StartupCache cache, WorkerJvmOptions options) {
		this.command = command;
		this.logPrefix = logPrefix;
		this.cache = cache;
		this.options = options;
	}

	@Override
	public boolean prepare() {
		return this.cache == null || this.cache.prepare();
	}

	@Override
	public boolean isPreparing() {
		return this.cache != null && this.cache.isBuilding();
	}

	@Override
	public void close() {
		if (this.cache != null) {
			this.cache.close();
		}
	}

	@Override
	public WorkerJvm launch(WorkerEnvironment environment) throws IOException {
		JavaCommand command = (this.cache != null) ? this.cache.command() : this.command;
		int jvmNumber = takeJvmNumber();
		Process process;
		try {
			ProcessBuilder builder = new ProcessBuilder(
					command.withMoreJvmOptions(this.options.forJvm(environment.instance(), jvmNumber)).asList());
			// systemd's variables are the supervisor's: its socket and its notifications.
			builder.environment().keySet().removeAll(SocketActivation.VARIABLES);
			builder.environment().keySet().removeAll(ServiceNotifications.VARIABLES);
			environment.writeTo(builder.environment());
			process = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			this.jvmNumbers.remove(jvmNumber);
			throw ex;
		}
		process.onExit().thenRun(() -> this.jvmNumbers.remove(jvmNumber));
		// A worker reads end-of-file on its standard input: the supervisor's terminal is
		// not its own.
		process.getOutputStream().close();
		int id = environment.instance();
		String prefix = this.logPrefix.replace("{id}", Integer.toString(id));
		ChildJvm jvm = new ChildJvm(process, new AtomicReference<>());
		WorkerOutput.relay(process.getInputStream(), System.out, prefix, "cluster-worker-" + id + "-out", jvm::watch);
		WorkerOutput.relay(process.getErrorStream(), System.err, prefix, "cluster-worker-" + id + "-err", jvm::watch);
		return jvm;
	}

	/** The lowest number no running worker JVM holds, now held. */
	private int takeJvmNumber() {
		int number = 1;
		while (!this.jvmNumbers.add(number)) {
			number++;
		}
		return number;
	}

	@Override
	public @Nullable String appVersion() {
		return this.command.appVersion();
	}

	@Override
	public String toString() {
		return this.command.toString();
	}

	/** A worker JVM started by this JVM. */
	private record ChildJvm(Process process, AtomicReference<@Nullable String> bindFailure) implements WorkerJvm {

		/** What the JVM says when it cannot listen: its own, the JMX agent's, Netty's. */
		private static final Pattern BIND_FAILURE = Pattern
			.compile("(?i)address already in use|port already in use|\\bBindException");

		/** Remember the first line that says the JVM could not bind a port. */
		void watch(String line) {
			if (this.bindFailure.get() == null && BIND_FAILURE.matcher(line).find()) {
				this.bindFailure.compareAndSet(null, Untrusted.forLog(line.strip()));
			}
		}

		@Override
		public @Nullable String exitHint() {
			String line = this.bindFailure.get();
			return (line != null) ? "it could not listen on a port: \"" + line + "\"" : null;
		}

		@Override
		public long pid() {
			return this.process.pid();
		}

		@Override
		public boolean isAlive() {
			return this.process.isAlive();
		}

		@Override
		public CompletableFuture<Integer> onExit() {
			return this.process.onExit().thenApply(Process::exitValue);
		}

		@Override
		public void terminate() {
			this.process.destroy();
		}

		@Override
		public void kill() {
			this.process.destroyForcibly();
		}

		@Override
		public @Nullable Duration cpuTime() {
			return this.process.info().totalCpuDuration().orElse(null);
		}

		@Override
		public @Nullable Long residentMemory() {
			if (!this.process.isAlive()) {
				return null;
			}
			try {
				for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
					if (line.startsWith("VmRSS:")) {
						return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// Not Linux, or the process just exited.
			}
			return null;
		}

		@Override
		public Set<Integer> listeningPorts() {
			return ListeningPorts.of(pid());
		}

	}

}
