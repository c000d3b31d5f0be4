package dev.clusterboot.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real supervisor JVM running a test app, started the way a user starts an app
 * ({@code java -jar app.jar args}). Its output goes to a file under {@code target/}.
 *
 * <p>
 * {@link #close()} kills the supervisor and every process it started that is still alive,
 * so a test that fails leaves nothing behind: use it in try-with-resources.
 */
public final class ClusterProcess implements AutoCloseable {

	/** How long a cluster may take to be ready, on two cores shared with the test. */
	public static final Duration READY = Duration.ofSeconds(90);

	private final Process process;

	private final Path log;

	private final int port;

	/**
	 * Every worker pid seen, so that close() can end them even after the supervisor is
	 * gone.
	 */
	private final Set<ProcessHandle> seenWorkers = new HashSet<>();

	private ClusterProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start a supervisor of a test app.
	 * @param app the app, and so its web server
	 * @param name names the log file
	 * @param port the public port
	 * @param arguments program arguments, such as {@code --cluster.instances=2}
	 * @return the running process
	 */
	public static ClusterProcess start(TestApp app, String name, int port, String... arguments) {
		return start(app.jar(), name + "-" + app.name().toLowerCase(), port, arguments);
	}

	/**
	 * Start a supervisor of an app's executable jar.
	 * @param jar the jar
	 * @param name names the log file
	 * @param port the public port
	 * @param arguments program arguments, such as {@code --cluster.instances=2}
	 * @return the running process
	 */
	public static ClusterProcess start(Path jar, String name, int port, String... arguments) {
		return start(jar, name, port, List.of(), arguments);
	}

	/**
	 * Start a supervisor of an app's executable jar, with more JVM options on its launch
	 * line.
	 * @param jar the jar
	 * @param name names the log file
	 * @param port the public port
	 * @param jvmOptions JVM options, placed before {@code -jar}
	 * @param arguments program arguments, such as {@code --cluster.instances=2}
	 * @return the running process
	 */
	public static ClusterProcess start(Path jar, String name, int port, List<String> jvmOptions, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// Small and quick JVMs: 2 cores run the supervisor, the workers and the test.
		command.addAll(List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString()));
		command.add("--server.port=" + port);
		if (Arrays.stream(arguments)
			.noneMatch((argument) -> argument.startsWith("--cluster.startup-cache.directory"))) {
			// The test runs' start-up caches go with the build, not into the machine's
			// temporary files.
			command.add("--cluster.startup-cache.directory="
					+ Path.of("target", "cluster-it", "startup-cache").toAbsolutePath());
		}
		command.addAll(List.of(arguments));
		try {
			Path log = Files.createDirectories(Path.of("target", "cluster-it")).resolve(name + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new ClusterProcess(process, log, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Start a supervisor of a test app with this many workers, and wait until all are
	 * ready. A cluster that does not get there is ended before the failure is thrown.
	 * @param app the app, and so its web server
	 * @param name names the log file
	 * @param port the public port
	 * @param workers the number of workers ({@code cluster.instances})
	 * @param arguments more program arguments
	 * @return the running process, every worker ready
	 */
	public static ClusterProcess startReady(TestApp app, String name, int port, int workers, String... arguments) {
		List<String> all = new ArrayList<>();
		all.add("--cluster.instances=" + workers);
		all.addAll(List.of(arguments));
		ClusterProcess cluster = start(app, name, port, all.toArray(String[]::new));
		try {
			cluster.awaitOutput("All " + workers + " workers are ready" + (app.isWeb() ? " on port " + port : ""),
					READY);
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
	}

	/** A free loopback port, for one test. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A free port below the kernel's ephemeral range, as a port an app configures is: the
	 * range's ports are the ones a bind to port 0 gets.
	 */
	public static int freeConfiguredPort() {
		for (int port = 20000 + new java.util.Random().nextInt(10000);; port = 20000 + (port - 19999) % 10000) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress("127.0.0.1", port));
				return port;
			}
			catch (IOException ex) {
				// Taken: the next one.
			}
		}
	}

	/** Whether nothing listens on the port any more. */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public Process process() {
		return this.process;
	}

	public int port() {
		return this.port;
	}

	/** The supervisor's output so far, worker lines included. */
	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Wait until the output contains the text. */
	public void awaitOutput(String text, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> output().contains(text));
	}

	/**
	 * Send the supervisor a signal, as {@code kill -SIGNAL} does.
	 * @param signal such as {@code HUP}
	 * @throws Exception when {@code kill} fails
	 */
	public void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
		}
	}

	/** The supervisor's live child JVMs: its workers. */
	public List<ProcessHandle> workers() {
		List<ProcessHandle> children = this.process.children().filter(ProcessHandle::isAlive).toList();
		// Every child is ended by close(); only the workers are returned.
		this.seenWorkers.addAll(children);
		return children.stream().filter(ClusterProcess::isWorker).toList();
	}

	/** The pids of the supervisor's live worker JVMs. */
	public Set<Long> workerPids() {
		Set<Long> pids = new HashSet<>();
		workers().forEach((worker) -> pids.add(worker.pid()));
		return pids;
	}

	/**
	 * Whether a child is a worker, not a step of the start-up cache (the jar's
	 * extraction, the training run), which the supervisor runs as child JVMs too.
	 */
	private static boolean isWorker(ProcessHandle child) {
		Path environ = Path.of("/proc", Long.toString(child.pid()), "environ");
		if (Files.isReadable(environ)) {
			// Linux: a worker is told its index in its environment; a child that has not
			// run its own program yet, or a step of the cache, is not.
			try {
				return new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).contains("CLUSTER_INSTANCE=");
			}
			catch (IOException ex) {
				return false;
			}
		}
		String commandLine = String.join(" ", child.info().arguments().orElse(new String[0]));
		return !commandLine.contains("-Djarmode=tools") && !commandLine.contains("-Dspring.context.exit=onRefresh");
	}

	/** Every worker JVM this supervisor has had, alive or not. */
	public Set<ProcessHandle> allWorkersSeen() {
		workers();
		return Set.copyOf(this.seenWorkers);
	}

	@Override
	public void close() {
		workers();
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		this.seenWorkers.forEach(ProcessHandle::destroyForcibly);
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (ProcessHandle worker : this.seenWorkers) {
			worker.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally((ex) -> null).join();
		}
	}

}
