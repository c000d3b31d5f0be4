package dev.clusterboot.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.clusterboot.it.support.ClusterOperations;
import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.LoadClient;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app, started with {@code java -jar} as a user starts it, reloaded from its
 * start-up cache under load; a new build of its jar gets a new cache before its workers
 * are replaced; and a cache the JVM refuses does not keep a worker from starting.
 */
class StartupCacheIT {

	private static final Duration CACHE = Duration.ofMinutes(3);

	private static final String ARCHIVE_OPTION = (Runtime.version().feature() >= 25) ? "-XX:AOTCache="
			: "-XX:SharedArchiveFile=";

	@Test
	void theSampleReloadsFromItsStartupCacheAndANewJarGetsANewOne(@TempDir Path work) throws Exception {
		Path jar = Files.copy(TestApp.SAMPLE.jar(), work.resolve("sample.jar"));
		Path cache = work.resolve("cache");
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(jar, "startup-cache", port, "--cluster.instances=2",
				"--cluster.startup-cache.directory=" + cache)) {
			cluster.awaitOutput("All 2 workers are ready on port " + port, ClusterProcess.READY);
			cluster.awaitOutput("Start-up cache ready for sample.jar", CACHE);
			Path first = cacheDirectories(cluster.output()).get(0);

			// A bare POST reloads every worker, under load, and the new ones start from
			// the cache.
			try (LoadClient load = LoadClient.start(port, 16, LoadClient.Mode.KEEP_ALIVE)) {
				await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > 200);
				ClusterOperations.awaitSucceeded(port, reload(port), Duration.ofMinutes(3));
				load.close();
				assertThat(load.failed()).as("first failures: %s", load.failures()).isZero();
			}
			assertStartFrom(cluster, first);

			// A new build of the jar: its own cache is made before the reload replaces a
			// worker.
			Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
			ClusterOperations.awaitSucceeded(port, reload(port), Duration.ofMinutes(3));
			List<Path> made = cacheDirectories(cluster.output());
			assertThat(made).hasSize(2);
			Path second = made.get(1);
			assertThat(second).isNotEqualTo(first);
			assertStartFrom(cluster, second);

			// A cache the JVM refuses: the worker starts without it.
			Path archive;
			try (var files = Files.list(second)) {
				archive = files.filter((file) -> file.getFileName().toString().startsWith("app."))
					.findFirst()
					.orElseThrow();
			}
			Files.write(archive, new byte[4096]);
			long pid0 = Http.workerPid(port, 0);
			Http.Response restart = Http.post(port, "/actuator/cluster/restart/0", null);
			assertThat(restart.status()).as(restart.body()).isEqualTo(202);
			ClusterOperations.awaitSucceeded(port, restart.json().get("id").asString(), Duration.ofMinutes(3));
			assertThat(Http.workerPid(port, 0)).isNotEqualTo(pid0);
		}
	}

	@Test
	void aStopWhileTheCacheIsMadeEndsItsTrainingRun(@TempDir Path work) throws Exception {
		Path jar = Files.copy(TestApp.SAMPLE.jar(), work.resolve("sample.jar"));
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(jar, "startup-cache-stopped", port, "--cluster.instances=1",
				"--cluster.startup-cache.directory=" + work.resolve("cache"))) {
			cluster.awaitOutput("All 1 workers are ready on port " + port, ClusterProcess.READY);
			// The training run is a JVM of the app: it must not outlive the supervisor.
			ProcessHandle training = await().atMost(CACHE)
				.until(() -> cluster.process()
					.children()
					.filter((child) -> String.join(" ", child.info().arguments().orElse(new String[0]))
						.contains("-Dspring.context.exit=onRefresh"))
					.findFirst()
					.orElse(null), Objects::nonNull);
			cluster.process().destroy();
			assertThat(cluster.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isZero();
			assertThat(training.isAlive()).isFalse();
			assertThat(cluster.output()).contains("Cluster stopped").doesNotContain("Start-up cache not made");
		}
	}

	private static String reload(int port) throws Exception {
		Http.Response response = Http.post(port, "/actuator/cluster/reload", null);
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("id").asString();
	}

	/**
	 * Every worker's command line starts the extracted jar of this cache, from its
	 * archive.
	 */
	private static void assertStartFrom(ClusterProcess cluster, Path cacheDirectory) {
		assertThat(cluster.workers()).hasSize(2).allSatisfy((worker) -> {
			String commandLine = String.join(" ", worker.info().arguments().orElseThrow());
			assertThat(commandLine).contains(ARCHIVE_OPTION + cacheDirectory)
				.contains("-jar " + cacheDirectory.resolve("app"));
		});
	}

	/** The cache directories the supervisor made, in order. */
	private static List<Path> cacheDirectories(String output) {
		Matcher ready = Pattern.compile("Start-up cache ready for sample\\.jar \\(\\d+ MB archive in (\\S+)\\)")
			.matcher(output);
		return ready.results().map((match) -> Path.of(match.group(1))).distinct().toList();
	}

}
