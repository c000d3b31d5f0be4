package dev.clusterboot.supervisor.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.supervisor.systemd.ServiceNotifications;
import dev.clusterboot.supervisor.systemd.SocketActivation;

/**
 * What every worker starts from, so that it starts in about half the CPU: the app's jar
 * extracted ({@code -Djarmode=tools extract}) and a class-data-sharing archive (JDK 17 to
 * 24) or an AOT cache (JDK 25 and later) made by Spring Boot's training run
 * ({@code -Dspring.context.exit=onRefresh}). One cache serves every worker of the host,
 * and the operating system shares its pages among them.
 *
 * <p>
 * It is made for the app as it is now: the jar (its path, size and modification time),
 * the JDK and the JVM options. A new jar, as a deploy brings, or another JDK gets a new
 * one. Where none can be made (the app runs from a class path, the training run fails)
 * workers start as without it, and one log line says why; a JVM that refuses the archive
 * warns and runs without it.
 */
public final class StartupCache {

	private static final Log logger = LogFactory.getLog(StartupCache.class);

	private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

	/** The caches of earlier builds of the app kept beside the current one. */
	private static final int KEPT = 2;

	private final CacheRoot root;

	private final JavaCommand command;

	private final int jdk;

	/**
	 * Builds run one at a time; the thread ends a few seconds after the last one, since a
	 * cache is made once per app version and the supervisor lives on for long.
	 */
	private final ThreadPoolExecutor builder = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), (task) -> {
				Thread thread = new Thread(task, "cluster-startup-cache");
				thread.setDaemon(true);
				return thread;
			});

	private volatile @Nullable Build current;

	private volatile boolean toldWhyNone;

	private volatile @Nullable Keyed lastKey;

	/** The step running now, ended when the supervisor stops. */
	private volatile @Nullable Process step;

	private volatile boolean closed;

	/**
	 * Create the cache of an app.
	 * @param root where caches are made: a directory of this user's, closed to others
	 * @param command how a worker starts without the cache
	 * @param jdk the feature version of the JDK that runs the workers
	 */
	public StartupCache(Path root, JavaCommand command, int jdk) {
		this.root = new CacheRoot(root);
		this.command = command;
		this.jdk = jdk;
		this.builder.allowCoreThreadTimeOut(true);
	}

	/**
	 * The command a worker starts with now: from the cache, when it is ready for the app
	 * as it is now; as without it otherwise.
	 * @return the command
	 */
	public JavaCommand command() {
		Build build = this.current;
		String key = key();
		if ((build == null || !build.key.equals(key)) && key != null) {
			// Made by an earlier run of the supervisor (a restart): the first workers use
			// it too.
			build = readyOnDisk(key);
			if (build != null) {
				this.current = build;
			}
		}
		if (build != null && build.key.equals(key) && build.state == State.READY) {
			return this.command.withJar(build.extractedJar(), List.of(useOption(build.archive())));
		}
		return this.command;
	}

	/**
	 * Make sure the cache for the app as it is now is ready, or being made in the
	 * background.
	 * @return whether workers may start now: the cache is ready, or none can be made for
	 * this build; {@code false} while it is being made
	 */
	public boolean prepare() {
		String key = key();
		if (key == null) {
			tellWhyNone("the app does not start as java -jar (a class path, as spring-boot:run and IDEs "
					+ "start it, holds directories that cannot be archived)");
			return true;
		}
		Build build = this.current;
		if (build != null && build.key.equals(key)) {
			return build.state != State.BUILDING;
		}
		Build ready = readyOnDisk(key);
		if (ready != null) {
			this.current = ready;
			return true;
		}
		if (this.closed) {
			return true;
		}
		Build next = new Build(key, this.root.build(key));
		this.current = next;
		this.builder.execute(() -> build(next));
		return false;
	}

	/**
	 * Whether a cache is being made now.
	 * @return {@code true} from {@link #prepare()} starting a build until it ends
	 */
	public boolean isBuilding() {
		Build build = this.current;
		return build != null && build.state == State.BUILDING;
	}

	/**
	 * Stop making the cache: a step that runs now (the training run takes seconds) is
	 * ended, so that no JVM of the app outlives the supervisor, and no build starts
	 * again.
	 */
	public void close() {
		this.closed = true;
		this.builder.shutdownNow();
		Process running = this.step;
		if (running != null) {
			running.destroyForcibly();
			try {
				running.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void build(Build build) {
		Path jar = this.command.jar();
		try {
			this.root.checkPrivate();
			CacheRoot.deleteRecursively(build.directory);
			Files.createDirectories(build.directory);
			String java = this.command.asList().get(0);
			run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
					build.directory.resolve("app").toString()), build.directory.resolve("extract.log"));
			if (!Files.isRegularFile(build.extractedJar())) {
				throw new IOException("the extracted jar is not at " + build.extractedJar());
			}
			// Spring Boot's training run: the context refreshes, then the JVM exits and
			// dumps.
			List<String> training = new ArrayList<>();
			training.add(java);
			training.addAll(this.command.jvmOptions());
			training.add(trainOption(build.archive()));
			training.addAll(List.of("-Dspring.context.exit=onRefresh", "-Dcluster.enabled=false", "-jar",
					build.extractedJar().toString()));
			training.addAll(this.command.programArguments());
			run(training, build.directory.resolve("training.log"));
			if (!Files.isRegularFile(build.archive()) || Files.size(build.archive()) == 0) {
				throw new IOException(
						"the training run made no archive; see " + build.directory.resolve("training.log"));
			}
			Files.writeString(build.directory.resolve("ready"), useOption(build.archive()));
			build.state = State.READY;
			logger.info("Start-up cache ready for " + jar.getFileName() + " (" + Files.size(build.archive()) / 1_000_000
					+ " MB archive in " + build.directory + "): workers started from now on use it");
			this.root.keepNewest(appName(jar) + "-", KEPT);
		}
		catch (IOException | RuntimeException ex) {
			build.state = State.FAILED;
			logger.warn("Start-up cache not made for " + ((jar != null) ? jar.getFileName() : "the app") + ": "
					+ ex.getMessage() + "; workers start without it");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			build.state = State.FAILED;
		}
	}

	/**
	 * The build for this key if a run made it already, in a directory still closed to
	 * others.
	 */
	private @Nullable Build readyOnDisk(String key) {
		Build build = new Build(key, this.root.build(key));
		try {
			this.root.checkPrivate();
		}
		catch (IOException ex) {
			return null;
		}
		if (!Files.isRegularFile(build.directory.resolve("ready")) || !Files.isRegularFile(build.archive())) {
			return null;
		}
		build.state = State.READY;
		logger.info("Start-up cache ready for " + this.command.jar().getFileName() + ", made by an earlier run ("
				+ build.directory + "): workers started from now on use it");
		return build;
	}

	/** The JVM option that makes a training run write the archive. */
	private String trainOption(Path archive) {
		return ((this.jdk >= 25) ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
	}

	/** The JVM option that starts a worker from the archive. */
	private String useOption(Path archive) {
		return ((this.jdk >= 25) ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
	}

	/**
	 * Names the app as it is now: the jar, its size and modification time, the JDK, the
	 * JVM options. {@code null} when the app does not start from a jar. The loop asks on
	 * every pass, so the name is hashed again only when the jar's path, size or time
	 * changed.
	 */
	private @Nullable String key() {
		Path jar = this.command.jar();
		if (jar == null || !Files.isRegularFile(jar)) {
			return null;
		}
		try {
			String stamp = String.join("\n", jar.toRealPath().toString(), Long.toString(Files.size(jar)),
					Long.toString(Files.getLastModifiedTime(jar).toMillis()));
			Keyed last = this.lastKey;
			if (last != null && last.stamp().equals(stamp)) {
				return last.key();
			}
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			String identity = String.join("\n", stamp, System.getProperty("java.home"), Runtime.version().toString(),
					String.join(" ", this.command.jvmOptions()));
			byte[] hash = digest.digest(identity.getBytes(StandardCharsets.UTF_8));
			String key = appName(jar) + "-" + HexFormat.of().formatHex(hash, 0, 6);
			this.lastKey = new Keyed(stamp, key);
			return key;
		}
		catch (IOException | NoSuchAlgorithmException ex) {
			return null;
		}
	}

	private record Keyed(String stamp, String key) {
	}

	/**
	 * The jar's name without {@code .jar}: what each of its builds' directories starts
	 * with.
	 */
	private static String appName(Path jar) {
		return jar.getFileName().toString().replaceAll("\\.jar$", "");
	}

	private void tellWhyNone(String why) {
		if (!this.toldWhyNone) {
			this.toldWhyNone = true;
			logger.info("No start-up cache: " + why + "; workers start without it");
		}
	}

	private void run(List<String> command, Path log) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().keySet().removeAll(SocketActivation.VARIABLES);
		builder.environment().keySet().removeAll(ServiceNotifications.VARIABLES);
		if (this.closed) {
			throw new InterruptedException("the supervisor stops");
		}
		Process process = builder.start();
		this.step = process;
		process.getOutputStream().close();
		if (this.closed) {
			// close() came between the check and the start: it did not see this step.
			process.destroyForcibly();
		}
		boolean ended;
		try {
			ended = process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			throw ex;
		}
		if (this.closed) {
			throw new InterruptedException("the supervisor stops");
		}
		if (!ended) {
			process.destroyForcibly();
			throw new IOException(
					"'" + command.get(command.size() - 1) + "' took longer than " + STEP_TIMEOUT + "; see " + log);
		}
		if (process.exitValue() != 0) {
			throw new IOException("a step exited with code " + process.exitValue() + "; see " + log);
		}
	}

	private enum State {

		BUILDING, READY, FAILED

	}

	/** The cache of one build of the app, in its own directory. */
	private final class Build {

		private final String key;

		private final Path directory;

		private volatile State state = State.BUILDING;

		Build(String key, Path directory) {
			this.key = key;
			this.directory = directory;
		}

		Path extractedJar() {
			return this.directory.resolve("app").resolve(StartupCache.this.command.jar().getFileName());
		}

		Path archive() {
			return this.directory.resolve((StartupCache.this.jdk >= 25) ? "app.aot" : "app.jsa");
		}

	}

}
