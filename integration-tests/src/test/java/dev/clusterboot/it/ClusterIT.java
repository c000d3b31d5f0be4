package dev.clusterboot.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.clusterboot.it.support.ClusterOperations;
import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.Host;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real supervisor JVM with two real worker JVMs of the test app, for each web server,
 * on the default port sharing of this host (the shared socket on Linux) and, where it
 * matters, on the other mechanisms. Requests go over real sockets, and processes are
 * killed for real.
 */
class ClusterIT {

	private static final Duration START = Duration.ofSeconds(90);

	static Stream<TestApp> webApps() {
		return TestApp.web();
	}

	/**
	 * Every server on each mechanism it takes part in: the shared socket and SO_REUSEPORT
	 * are each server's own code. The proxy is the supervisor's alone, each worker on a
	 * private port as a plain app listens, so one server shows its kill and replacement
	 * here, except where it is the host's default; HardeningIT serves Jetty and WebFlux
	 * behind it, where each server reads the client's address from it.
	 */
	static Stream<Arguments> serversAndMechanisms() {
		return TestApp.web()
			.flatMap((app) -> Host.portSharingMechanisms()
				.filter((mechanism) -> !mechanism.equals("proxy") || app == TestApp.TOMCAT
						|| Host.defaultPortSharing().equals("proxy"))
				.map((mechanism) -> Arguments.of(app, mechanism)));
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("serversAndMechanisms")
	void workersShareOnePortAndAKilledWorkerIsReplaced(TestApp app, String mechanism) throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(app, "share-and-replace-" + mechanism, port, 2,
				"--cluster.port-sharing=" + mechanism)) {
			assertThat(cluster.output()).contains("port sharing " + mechanism);

			Map<Long, Integer> instanceByPid = awaitAnswersFromPids(port, 2);
			assertThat(instanceByPid.keySet())
				.isEqualTo(cluster.workers().stream().map(ProcessHandle::pid).collect(Collectors.toSet()));
			assertThat(Set.copyOf(instanceByPid.values())).containsExactlyInAnyOrder(0, 1);
			// A kept-alive connection is closed after 100 requests by every server
			// (Tomcat by its own default), so that long-lived connections spread over
			// the workers.
			assertThat(Http.responsesOnOneConnection(port, "/hello", 150)).isEqualTo(100);

			long victim = instanceByPid.keySet().iterator().next();
			int victimInstance = instanceByPid.get(victim);
			ProcessHandle.of(victim).orElseThrow().destroyForcibly();

			// The port keeps answering while the victim is replaced ...
			await().atMost(START).until(() -> {
				Http.Response response = Http.get(port, "/hello");
				assertThat(response.status()).isEqualTo(200);
				return cluster.workers().size() == 2 && cluster.workers().stream().noneMatch((w) -> w.pid() == victim)
						&& cluster.output().contains("is ready after") && readyCount(cluster) == 3;
			});
			// ... by a new JVM that keeps the victim's index.
			Map<Long, Integer> afterKill = awaitAnswersFromPids(port, 2);
			assertThat(afterKill).doesNotContainKey(victim);
			assertThat(Set.copyOf(afterKill.values())).containsExactlyInAnyOrder(0, 1);
			assertThat(afterKill).containsValue(victimInstance);

			// SIGTERM: every worker drains and exits, then the supervisor exits with 0.
			Set<ProcessHandle> workers = cluster.allWorkersSeen();
			cluster.process().destroy();
			assertThat(cluster.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isZero();
			assertThat(workers).noneMatch(ProcessHandle::isAlive);
			assertThat(cluster.output()).contains("Cluster stopped").contains("shutting down gracefully");
			await().atMost(Duration.ofSeconds(10)).until(() -> ClusterProcess.isFree(port));
		}
	}

	/**
	 * A worker that cannot start stays errored while the other serves, and the one left
	 * exits when the supervisor is killed (one cluster for both: each start of one costs
	 * the build seconds).
	 */
	@ParameterizedTest
	@MethodSource("webApps")
	void aCrashLoopingWorkerEndsErroredWhileTheOtherServesUntilTheSupervisorIsKilled(TestApp app) throws IOException {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(app, "crash-loop", port, "--cluster.instances=2",
				"--test.crash-instance=1", "--cluster.max-restarts=2",
				"--cluster.restart-backoff.initial-delay=100ms")) {
			await().atMost(START).until(() -> cluster.output().contains("it is errored after 2 unstable restarts"));
			assertThat(cluster.output()).contains("port sharing " + Host.defaultPortSharing())
				.contains("worker 0 (pid")
				.contains("is ready after");

			for (int i = 0; i < 10; i++) {
				Http.Response response = Http.get(port, "/hello");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.json().get("instance").asInt()).isZero();
			}
			assertThat(cluster.process().isAlive()).isTrue();
			List<ProcessHandle> workers = cluster.workers();
			assertThat(workers).hasSize(1);
			// Not exposed over HTTP unless the app includes it.
			assertThat(Http.get(port, "/actuator/cluster").status()).isEqualTo(404);
			assertThat(Http.post(port, "/actuator/cluster/reload", "{}").status()).isIn(404, 405);

			cluster.process().destroyForcibly();

			await().atMost(Duration.ofSeconds(15)).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
			await().atMost(Duration.ofSeconds(10)).until(() -> ClusterProcess.isFree(port));
		}
	}

	@Test
	void aWorkerThatHoldsReadinessBackIsNotOnlineAndIsKilledAtTheListenTimeout() {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(TestApp.TOMCAT, "listen-timeout", port,
				"--cluster.instances=2", "--test.unready-instance=1", "--cluster.listen-timeout=8s")) {
			cluster
				.awaitOutput("was not ready, and made no start-up progress, within cluster.listen-timeout (8000 ms): "
						+ "killing it as failed start 1", START);
			String output = cluster.output();
			// Its server was up, yet it never counted as ready, and the cluster never as
			// complete.
			assertThat(output).contains("[worker-1]").contains("started on port " + port);
			assertThat(output).doesNotContainPattern("worker 1 \\(pid \\d+\\) is ready")
				.doesNotContain("All 2 workers are ready");
			cluster.awaitOutput("restarting it in", START);
			await().atMost(START).until(() -> cluster.output().matches("(?s).*worker 0 \\(pid \\d+\\) is ready.*"));
		}
	}

	@Test
	void aWorkerThatHangsOnShutdownIsKilledAfterTheShutdownTimeout() throws InterruptedException {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "shutdown-timeout", port, 2,
				"--test.hang-on-shutdown-instance=1", "--cluster.shutdown-timeout=4s")) {
			Set<ProcessHandle> workers = cluster.allWorkersSeen();

			cluster.process().destroy();

			assertThat(cluster.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isZero();
			assertThat(workers).noneMatch(ProcessHandle::isAlive);
			// Worker 0 drained normally; worker 1 hung and was ended at the timeout, by
			// the supervisor or by its own watchdog, whichever came first.
			assertThat(cluster.output()).containsPattern("worker 0 \\(pid \\d+\\) stopped with exit code 0")
				.containsPattern("worker 1 \\(pid \\d+\\) did not stop within cluster.shutdown-timeout \\(4000 ms\\)"
						+ "|Graceful shutdown took longer than cluster.shutdown-timeout")
				.doesNotContainPattern("worker 1 \\(pid \\d+\\) stopped with exit code 0");
		}
	}

	@ParameterizedTest
	@MethodSource("webApps")
	void aBadInstanceCountFailsClearlyAndLeavesNoProcess(TestApp app) throws InterruptedException {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(app, "bad-instances", port, "--cluster.instances=abc")) {
			assertThat(cluster.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isNotZero();
			assertThat(cluster.output()).contains("APPLICATION FAILED TO START")
				.contains("The property 'cluster.instances' has the value 'abc'")
				.contains("max   (or 0) one worker per available processor");
			assertThat(cluster.allWorkersSeen()).isEmpty();
			assertThat(ClusterProcess.isFree(port)).isTrue();
		}
	}

	@Test
	void eachTestAppCarriesOnlyItsOwnStack() {
		assertThat(TestApp.WEBFLUX.libraries()).noneMatch((jar) -> jar.startsWith("jakarta.servlet-api"))
			.noneMatch((jar) -> jar.startsWith("tomcat-"))
			.anyMatch((jar) -> jar.startsWith("reactor-netty-http"));
		// Jetty's starter brings Tomcat's expression language, not its server.
		assertThat(TestApp.JETTY.libraries()).noneMatch((jar) -> jar.startsWith("tomcat-embed-core"))
			.anyMatch((jar) -> jar.startsWith("jetty-server"));
		assertThat(TestApp.NO_WEB.libraries()).noneMatch((jar) -> jar.startsWith("spring-web"))
			.noneMatch((jar) -> jar.startsWith("jakarta.servlet-api"));
	}

	@ParameterizedTest
	@MethodSource("webApps")
	void anAppThatCannotStartStopsTheClusterWithinSecondsWithItsOwnError(TestApp app) throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(app, "cannot-start", port, "--cluster.instances=2",
				"--test.fail-start=true")) {
			assertThat(cluster.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isEqualTo(1);
			assertThat(lastLines(cluster, 12)).contains("CLUSTER FAILED TO START")
				.contains("Every worker failed to start, 3 time(s) each (cluster.start-attempts)")
				.contains("java.lang.IllegalStateException: worker ")
				.contains("crashes on purpose");
			assertThat(cluster.allWorkersSeen()).noneMatch(ProcessHandle::isAlive);
			assertThat(ClusterProcess.isFree(port)).isTrue();
		}
	}

	@Test
	void aPortTheAppOpensItselfStopsTheClusterNamingThePortInsteadOfRestartingForEver() throws Exception {
		int port = ClusterProcess.freePort();
		int own = ClusterProcess.freeConfiguredPort();
		try (ClusterProcess cluster = ClusterProcess.start(TestApp.TOMCAT, "own-port", port, "--cluster.instances=2",
				"--test.own-port=" + own)) {
			assertThat(cluster.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isEqualTo(1);
			assertThat(lastLines(cluster, 30)).contains("CLUSTER FAILED TO START")
				.containsPattern("Worker [01] could not listen on a port: worker [01] \\(pid \\d+\\) listens on port "
						+ own + ", which the cluster does not share")
				.contains("Address already in use")
				.contains("cluster.worker-jvm-arguments=-Dmy.port={port:N}");
			// One start each: no restart could have helped.
			assertThat(cluster.output()).containsOnlyOnce("Started worker 0").containsOnlyOnce("Started worker 1");
			assertThat(cluster.allWorkersSeen()).noneMatch(ProcessHandle::isAlive);
			assertThat(ClusterProcess.isFree(port)).isTrue();
			assertThat(ClusterProcess.isFree(own)).isTrue();
		}
	}

	@Test
	void aFailedStartRepeatsSpringBootsAnalysisOfIt() throws Exception {
		int port = ClusterProcess.freePort();
		// Bound by the workers only (the supervisor never binds server.shutdown), and
		// analysed by Spring Boot's BindFailureAnalyzer.
		try (ClusterProcess cluster = ClusterProcess.start(TestApp.TOMCAT, "cannot-start-analysed", port,
				"--cluster.instances=2", "--server.shutdown=sometimes")) {
			assertThat(cluster.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isEqualTo(1);
			assertThat(lastLines(cluster, 30)).contains("CLUSTER FAILED TO START")
				.contains("The app's own error:")
				.contains("Description:")
				.contains("Failed to bind properties under 'server.shutdown'")
				.contains("Action:");
			assertThat(ClusterProcess.isFree(port)).isTrue();
		}
	}

	private static String lastLines(ClusterProcess cluster, int count) {
		List<String> lines = cluster.output().lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
	}

	/**
	 * {@code cluster.slow-start}: a worker started beside a warm one holds one connection
	 * at first, and the others wait in the shared queue for the warm worker; when the
	 * warm one goes, the supervisor lifts the limit and the new one takes them all.
	 */
	@ParameterizedTest
	@MethodSource("webApps")
	void aWorkerThatJoinsAWarmOneTakesOneConnectionAtFirst(TestApp app) throws Exception {
		int port = ClusterProcess.freePort();
		// Ten doublings over 100 s: one connection for the first 10 s after ready. The
		// warm worker, killed later, comes back after 15 s, so that the new one serves
		// alone meanwhile.
		try (ClusterProcess cluster = ClusterProcess.startReady(app, "slow-start", port, 1, "--cluster.slow-start=100s",
				"--cluster.min-uptime=1h", "--cluster.restart-backoff.initial-delay=15s",
				"--management.endpoints.web.exposure.include=cluster",
				"--management.endpoint.cluster.access=unrestricted")) {
			long warm = Http.workerPid(port, 0);
			// A worker that joins a warm one, as a scale-up, a reload or a restart starts
			// it.
			ClusterOperations.awaitSucceeded(port, ClusterOperations.start(port, "scale/2", null));
			cluster.awaitOutput("Worker 1 starts slowly", Duration.ofSeconds(30));
			long slow = Http.workerPid(port, 1);
			assertThat(slow).isNotEqualTo(warm);

			List<Http.KeptAlive> held = new ArrayList<>();
			try {
				for (int i = 0; i < 8; i++) {
					held.add(Http.keepAlive(port, "/hello"));
				}
				Map<Long, Long> connectionsByPid = held.stream()
					.collect(Collectors.groupingBy((c) -> c.first().json().get("pid").asLong(), Collectors.counting()));
				assertThat(connectionsByPid.getOrDefault(slow, 0L)).isLessThanOrEqualTo(1);
				assertThat(connectionsByPid.get(warm)).isGreaterThanOrEqualTo(7);
				assertThat(held).allMatch((c) -> c.first().status() == 200);
			}
			finally {
				for (Http.KeptAlive connection : held) {
					connection.close();
				}
			}

			// The warm worker goes: nobody else takes connections, so the new one's limit
			// goes too, before the warm one's slot is back.
			ProcessHandle.of(warm).orElseThrow().destroyForcibly();
			cluster.awaitOutput("ends its slow start early", Duration.ofSeconds(30));
			cluster.awaitOutput("Slow start over: no warm worker serves beside this one", Duration.ofSeconds(30));
			held.clear();
			try {
				for (int i = 0; i < 8; i++) {
					held.add(Http.keepAlive(port, "/hello"));
				}
				assertThat(held).allMatch((c) -> c.first().status() == 200)
					.allMatch((c) -> c.first().json().get("pid").asLong() == slow);
			}
			finally {
				for (Http.KeptAlive connection : held) {
					connection.close();
				}
			}
		}
	}

	private static long readyCount(ClusterProcess cluster) {
		return cluster.output().lines().filter((line) -> line.contains("is ready after")).count();
	}

	/**
	 * Send requests, each on a new connection, until the given number of distinct worker
	 * pids have answered; every request must succeed.
	 */
	private static Map<Long, Integer> awaitAnswersFromPids(int port, int pids) {
		Map<Long, Integer> instanceByPid = new HashMap<>();
		await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).until(() -> {
			Http.Response response = Http.get(port, "/hello");
			assertThat(response.status()).isEqualTo(200);
			instanceByPid.put(response.json().get("pid").asLong(), response.json().get("instance").asInt());
			return instanceByPid.size() >= pids;
		});
		return instanceByPid;
	}

}
