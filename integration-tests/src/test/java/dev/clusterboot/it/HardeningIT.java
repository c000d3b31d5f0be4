package dev.clusterboot.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.LoadClient;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The findings of the hardening review (attacks and operator mistakes), each tried on a
 * real cluster: the attack or mistake, then what must happen. One finding, one test; the
 * findings whose fix lies in one class (the loop surviving an Error, validation messages,
 * the channel's connection cap, a merged scrape too large) are tested next to it.
 */
class HardeningIT {

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=cluster";

	private static final String WRITES = "--management.endpoint.cluster.access=unrestricted";

	@Test
	void aMerelyExposedEndpointAnswersGetAndRefusesEveryWrite() throws Exception {
		int port = ClusterProcess.freePort();
		// Exposing every endpoint is common; it must not open the operations.
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "writes-closed", port, 2,
				"--management.endpoints.web.exposure.include=*")) {
			List<Long> pids = List.of(Http.workerPid(port, 0), Http.workerPid(port, 1));
			for (String write : List.of("/reload", "/restart", "/scale/4", "/reload/0", "/broadcast")) {
				Http.Response response = Http.post(port, "/actuator/cluster" + write,
						write.equals("/broadcast") ? "{\"topic\":\"t\",\"payload\":\"p\"}" : null);
				assertThat(response.status()).as(write + ": " + response.body()).isIn(404, 405);
			}
			JsonNode operation = Http.clusterStatus(port).path("operation");
			assertThat(operation.isMissingNode() || operation.isNull()).isTrue();
			assertThat(List.of(Http.workerPid(port, 0), Http.workerPid(port, 1))).isEqualTo(pids);
		}
	}

	@Test
	void aScaleAboveTheCeilingGets400AndAnotherScaleCanSupersedeARunningOne() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "scale-limits", port, 2, EXPOSE, WRITES,
				"--cluster.max-instances=4")) {
			Http.Response huge = Http.post(port, "/actuator/cluster/scale/10000", null);
			assertThat(huge.status()).isEqualTo(400);
			assertThat(huge.json().get("message").asString()).contains("cluster.max-instances (4)");
			assertThat(Http.clusterStatus(port).get("workers")).hasSize(2);

			// A scale up, then, while it runs, a scale back: the operator gets back at
			// once.
			Http.Response up = Http.post(port, "/actuator/cluster/scale/4", null);
			assertThat(up.status()).as(up.body()).isEqualTo(202);
			Http.Response back = Http.post(port, "/actuator/cluster/scale/2", null);
			assertThat(back.status()).as(back.body()).isEqualTo(202);
			String id = back.json().get("id").asString();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				JsonNode operation = Http.clusterStatus(port).get("operation");
				assertThat(operation.get("id").asString()).isEqualTo(id);
				assertThat(operation.get("outcome").asString()).isEqualTo("SUCCEEDED");
			});
			assertThat(cluster.output()).contains("superseding operation " + up.json().get("id").asString());
			await().atMost(Duration.ofSeconds(30)).until(() -> cluster.workers().size() == 2);
		}
	}

	@Test
	void aTooLargeBroadcastIsRefusedAndNoWorkerRestarts() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "large-topic", port, 2, EXPOSE,
				WRITES)) {
			List<Long> pids = List.of(Http.workerPid(port, 0), Http.workerPid(port, 1));
			// 1 MB: refused from its Content-Length, before a byte of it is read.
			String megabyte = "x".repeat(1024 * 1024);
			Http.Response huge = Http.post(port, "/actuator/cluster/broadcast",
					"{\"topic\":\"" + megabyte + "\",\"payload\":\"p\"}");
			assertThat(huge.status()).isEqualTo(413);
			assertThat(huge.body()).contains("reads at most");
			// Under the body limit, but topic and payload above
			// cluster.messaging.max-size.
			Http.Response large = Http.post(port, "/actuator/cluster/broadcast",
					"{\"topic\":\"" + "t".repeat(20_000) + "\",\"payload\":\"" + "p".repeat(46_000) + "\"}");
			assertThat(large.status()).isEqualTo(400);
			assertThat(large.body()).contains("its topic and its payload");
			// A body of unknown length is refused too.
			Http.Response chunked = Http.raw(port,
					"POST /actuator/cluster/broadcast HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
							+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
			assertThat(chunked.status()).isEqualTo(411);
			assertThat(List.of(Http.workerPid(port, 0), Http.workerPid(port, 1))).isEqualTo(pids);
			// Nothing logs the topic whole.
			assertThat(cluster.output()).doesNotContain("x".repeat(200));
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aFrozenWorkerIsReplacedWithinTheHeartbeatTimeoutAndNewConnectionsKeepSucceeding() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "frozen", port, 2, EXPOSE,
				"--cluster.heartbeat-interval=1s", "--cluster.heartbeat-timeout=3s", "--cluster.shutdown-timeout=5s")) {
			long frozen = Http.workerPid(port, 0);
			signal("STOP", frozen);
			long stoppedAt = System.nanoTime();
			try (LoadClient load = LoadClient.start(port, 4, LoadClient.Mode.NEW_CONNECTION)) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> cluster.output().contains("pid " + frozen + ") has not answered for"));
				long detectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
				System.out.println("Frozen worker noticed " + detectedMillis + " ms after SIGSTOP (timeout 3 s)");
				await().atMost(ClusterProcess.READY).untilAsserted(() -> {
					JsonNode worker = Http.clusterStatus(port).get("workers").get(0);
					assertThat(worker.get("pid").asLong()).isNotEqualTo(frozen);
					assertThat(worker.get("state").asString()).isEqualTo("ONLINE");
				});
				await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(frozen).isEmpty());
				load.close();
				assertThat(load.succeeded()).isPositive();
				assertThat(load.failed()).as("first failures: %s", load.failures()).isZero();
			}
			assertThat(cluster.output()).contains("was killed: it did not stop within cluster.shutdown-timeout");
		}
	}

	@Test
	void aWorkerWhoseAppIsBrokenIsReplaced(@TempDir Path work) throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "broken", port, 2, EXPOSE,
				"--test.broken-instance=1", "--test.broken-marker=" + work.resolve("broken"))) {
			long broken = Http.workerPid(port, 1);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> cluster.output().contains("pid " + broken + ") says its app is broken"));
			await().atMost(ClusterProcess.READY).untilAsserted(() -> {
				JsonNode worker = Http.clusterStatus(port).get("workers").get(1);
				assertThat(worker.get("pid").asLong()).isNotEqualTo(broken);
				assertThat(worker.get("state").asString()).isEqualTo("ONLINE");
			});
			await().atMost(Duration.ofSeconds(40)).until(() -> ProcessHandle.of(broken).isEmpty());
		}
	}

	@Test
	void onlyOperationsCanBePosted() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "internal-requests", port, 2,
				"--management.endpoints.web.exposure.include=cluster,health", WRITES)) {
			for (String internal : List.of("scrape", "status", "scrape-share", "online")) {
				Http.Response response = Http.post(port, "/actuator/cluster/" + internal,
						"{\"instances\":\"CONTENT_TYPE_004;\"}");
				assertThat(response.status()).as(internal).isEqualTo(400);
				assertThat(response.body()).doesNotContain("# TYPE");
			}
			assertThat(Http.get(port, "/actuator/prometheus").status()).isEqualTo(404);
		}
	}

	@Test
	void aNegativeShutdownTimeoutStopsStartUpNamingTheProperty() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.start(TestApp.TOMCAT, "negative-timeout", port,
				"--cluster.instances=2", "--cluster.shutdown-timeout=-5s")) {
			assertThat(cluster.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isNotZero();
			assertThat(cluster.output()).contains("APPLICATION FAILED TO START")
				.contains("cluster.shutdown-timeout = -5s (from \"cluster.shutdown-timeout\" from property source "
						+ "\"commandLineArgs\"): must be a positive duration, such as 30s")
				.doesNotContain("drain-period");
			assertThat(cluster.allWorkersSeen()).isEmpty();
			assertThat(ClusterProcess.isFree(port)).isTrue();
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void reusePortFailsFastOnAPortInUseEvenBySoReusePortListeners() throws Exception {
		for (boolean reusePort : List.of(false, true)) {
			try (ServerSocket taken = new ServerSocket()) {
				if (reusePort) {
					taken.setOption(StandardSocketOptions.SO_REUSEPORT, true);
				}
				taken.bind(new InetSocketAddress("0.0.0.0", 0));
				int port = taken.getLocalPort();
				try (ClusterProcess cluster = ClusterProcess.start(TestApp.TOMCAT, "reuseport-taken-" + reusePort, port,
						"--cluster.instances=2", "--cluster.port-sharing=reuseport")) {
					assertThat(cluster.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
					assertThat(cluster.process().exitValue()).isEqualTo(1);
					assertThat(cluster.output()).contains("Cannot listen on port " + port);
					assertThat(cluster.allWorkersSeen()).isEmpty();
				}
			}
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aSecondHelloForALiveSlotIsRefusedEvenWithTheWorkersOwnSecret() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "foreign-hello", port, 2, EXPOSE)) {
			long pid = Http.workerPid(port, 0);
			// What a same-user process could read: the worker's environment.
			Map<String, String> environment = environmentOf(pid);
			Path channel = Path.of(environment.get("CLUSTER_WORKER_CHANNEL"));
			String secret = environment.get("CLUSTER_WORKER_SECRET");
			assertHelloRefused(channel, secret, pid);
			assertThat(cluster.output()).contains("Rejected a second channel connection claiming worker 0, pid " + pid);
			// The other worker's secret does not admit anyone as worker 0.
			assertHelloRefused(channel, environmentOf(Http.workerPid(port, 1)).get("CLUSTER_WORKER_SECRET"), pid);
			assertThat(cluster.output()).contains("not a valid hello with the secret issued to worker 0");
			assertThat(Http.workerPid(port, 0)).isEqualTo(pid);
			assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
		}
	}

	@Test
	void aJmxPortOnTheLaunchLineStillGivesEveryWorkerItsOwn() throws Exception {
		int port = ClusterProcess.freePort();
		int jmx = ClusterProcess.freePort();
		List<String> jmxOptions = List.of("-Dcom.sun.management.jmxremote.port=" + jmx,
				"-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false");
		try (ClusterProcess cluster = ClusterProcess.start(TestApp.TOMCAT.jar(), "jmx-port", port, jmxOptions,
				"--cluster.instances=2")) {
			cluster.awaitOutput("All 2 workers are ready on port " + port, ClusterProcess.READY);
			assertThat(cluster.output()).contains("Each worker JVM gets a JMX port of its own: "
					+ "com.sun.management.jmxremote.port=" + jmx + " becomes " + (jmx + 1));
			List<String> workerPorts = cluster.workers()
				.stream()
				.map((worker) -> String.join(" ", worker.info().arguments().orElseThrow()))
				// The workers; not the start-up cache's extraction, which gets no port.
				.filter((commandLine) -> commandLine.contains("jmxremote.port="))
				.map((commandLine) -> commandLine.replaceAll(".*jmxremote\\.port=(\\d+).*", "$1"))
				.toList();
			assertThat(workerPorts).containsExactlyInAnyOrder(Integer.toString(jmx + 1), Integer.toString(jmx + 2));
			assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
		}
	}

	@Test
	void aWorkerThatCannotListenOnAPortOfItsOptionsSaysSo() throws Exception {
		int port = ClusterProcess.freePort();
		try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			// An option that makes each worker listen on one port, which the starter
			// cannot know.
			try (ClusterProcess cluster = ClusterProcess.start(TestApp.TOMCAT, "bound-port", port,
					"--cluster.instances=2",
					"--cluster.worker-jvm-arguments=-Dcom.sun.management.jmxremote.port=" + taken.getLocalPort()
							+ ",-Dcom.sun.management.jmxremote.authenticate=false,"
							+ "-Dcom.sun.management.jmxremote.ssl=false")) {
				assertThat(cluster.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
				assertThat(cluster.process().exitValue()).isEqualTo(1);
				assertThat(cluster.output()).contains("CLUSTER FAILED TO START")
					.contains("it could not listen on a port")
					.contains("cluster.worker-jvm-arguments with {port:N}");
				assertThat(ClusterProcess.isFree(port)).isTrue();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(value = TestApp.class, names = { "JETTY", "WEBFLUX" })
	@EnabledOnOs(OS.LINUX)
	void behindTheProxyTheAppSeesTheRealClientAddress(TestApp app) throws Exception {
		int port = ClusterProcess.freePort();
		int management = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(app, "client-address", port, 2,
				"--cluster.port-sharing=proxy", "--management.server.port=" + management)) {
			Http.Response hello = Http.getFrom("127.0.0.2", port, "/hello");
			assertThat(hello.status()).as(hello.body()).isEqualTo(200);
			assertThat(hello.json().get("client").asString()).isEqualTo("127.0.0.2");
			// The management relay sends the header too, and the management server reads
			// it.
			Http.Response health = Http.getFrom("127.0.0.2", management, "/actuator/health");
			assertThat(health.status()).as(health.body()).isEqualTo(200);
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void behindTheProxyTomcatTrustsNoForwardedForHeader() throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.TOMCAT, "forwarded-for", port, 2,
				"--cluster.port-sharing=proxy", "--server.forward-headers-strategy=native")) {
			Http.Response hello = Http.getFrom("127.0.0.2", port, "/hello", "X-Forwarded-For: 203.0.113.9");
			assertThat(hello.status()).as(hello.body()).isEqualTo(200);
			// Tomcat cannot read the PROXY header: it sees the proxy, and believes no
			// header.
			assertThat(hello.json().get("client").asString()).isEqualTo("127.0.0.1");
		}
	}

	/**
	 * Say hello on the channel as worker 0 with this secret and pid: the supervisor
	 * closes the connection, and the read ends with nothing sent to the impostor.
	 */
	private static void assertHelloRefused(Path channel, String secret, long pid) throws IOException {
		try (SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			socket.connect(UnixDomainSocketAddress.of(channel));
			String hello = "{\"type\":\"hello\",\"secret\":\"" + secret + "\",\"instance\":0,\"pid\":" + pid + "}\n";
			socket.write(ByteBuffer.wrap(hello.getBytes(StandardCharsets.UTF_8)));
			assertThat(socket.read(ByteBuffer.allocate(1024))).isEqualTo(-1);
		}
	}

	private static void signal(String signal, long pid) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).isZero();
	}

	private static Map<String, String> environmentOf(long pid) throws IOException {
		Map<String, String> environment = new HashMap<>();
		String raw = Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.UTF_8);
		for (String entry : raw.split("\0")) {
			int equals = entry.indexOf('=');
			if (equals > 0) {
				environment.put(entry.substring(0, equals), entry.substring(equals + 1));
			}
		}
		return environment;
	}

}
