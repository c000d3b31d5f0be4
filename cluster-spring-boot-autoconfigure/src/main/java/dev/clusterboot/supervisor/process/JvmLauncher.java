package dev.clusterboot.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.WorkerEnvironment;

/**
 * Starts each worker as a child JVM with the supervisor's own command line, and relays
 * its output through the supervisor's, every line prefixed with the worker index.
 */
public final class JvmLauncher implements ProcessLauncher {

	private final JavaCommand command;

	private final String logPrefix;

	/**
	 * Create the launcher.
	 * @param command how to start a worker
	 * @param logPrefix the prefix of each line a worker writes; {@code {id}} is its index
	 */
	public JvmLauncher(JavaCommand command, String logPrefix) {
		this.command = command;
		this.logPrefix = logPrefix;
	}

	@Override
	public WorkerJvm launch(WorkerEnvironment environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(this.command.asList());
		environment.writeTo(builder.environment());
		Process process = builder.start();
		// A worker reads end-of-file on its standard input: the supervisor's terminal is
		// not its own.
		process.getOutputStream().close();
		int id = environment.instance();
		String prefix = this.logPrefix.replace("{id}", Integer.toString(id));
		WorkerOutput.relay(process.getInputStream(), System.out, prefix, "cluster-worker-" + id + "-out");
		WorkerOutput.relay(process.getErrorStream(), System.err, prefix, "cluster-worker-" + id + "-err");
		return new ChildJvm(process);
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
	private record ChildJvm(Process process) implements WorkerJvm {

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

	}

}
