package dev.clusterboot.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.Host;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster as a socket-activated {@code Type=notify} service. A small service manager
 * ({@code systemd/service_manager.py}) plays systemd's part: it holds the listening
 * socket, starts the supervisor with it as descriptor 3, receives its notifications, and
 * restarts it on command while the socket stays open.
 */
@EnabledOnOs(OS.LINUX)
class SystemdIT {

	private static final Pattern NOTIFY = Pattern.compile("notify (\\d+) (.*)");

	@Test
	void socketActivatedNotifyingReloadingOnSighupAndRestartedWithoutARefusedConnection(@TempDir Path work)
			throws Exception {
		Host.assumeCommand("python3", "plays systemd's part (systemd is not PID 1 here)");
		int port = ClusterProcess.freePort();
		Path log = work.resolve("service.log");
		List<String> command = new ArrayList<>(List.of("python3", script().toString(), Integer.toString(port),
				work.resolve("notify.sock").toString(), "2000000", "--"));
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", TestApp.TOMCAT.jar().toString(),
				"--cluster.instances=2", "--management.endpoints.web.exposure.include=cluster",
				"--cluster.startup-cache.directory=" + work.resolve("cache")));
		Process manager = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try (OutputStream commands = manager.getOutputStream()) {
			await().atMost(ClusterProcess.READY).until(() -> output(log).contains("notify") && ready(log) >= 1);
			assertThat(output(log)).contains("All 2 workers are ready on port " + port)
				.contains("port sharing shared-socket: the listening socket systemd passed (fd 3 'http', socket "
						+ "activation)")
				.contains("STATUS=2/2 workers ready");
			assertThat(Http.get(port, "/hello").status()).isEqualTo(200);

			// The watchdog: pinged every half of WATCHDOG_USEC (2 s).
			await().atMost(Duration.ofSeconds(20)).until(() -> notifications(log, "WATCHDOG=1").size() >= 5);
			List<Long> pings = notifications(log, "WATCHDOG=1");
			for (int i = 1; i < pings.size(); i++) {
				// Every half of the timeout, and never as late as the timeout itself.
				assertThat(pings.get(i) - pings.get(i - 1)).as("ms between watchdog pings").isBetween(500L, 1900L);
			}
			System.out
				.println("Watchdog pings every " + (pings.get(pings.size() - 1) - pings.get(0)) / (pings.size() - 1)
						+ " ms on average, WATCHDOG_USEC=2000000");

			// SIGHUP under load: a rolling reload, told to systemd, and no request lost.
			long supervisor = supervisorPid(log);
			try (Requests requests = new Requests(port)) {
				await().atMost(Duration.ofSeconds(20)).until(() -> requests.succeeded() > 20);
				signal("HUP", supervisor);
				await().atMost(ClusterProcess.READY).until(() -> ready(log) >= 2);
				requests.close();
				assertThat(output(log)).contains("Operation").contains("reload asked by SIGHUP");
				assertThat(notifications(log, "RELOADING=1")).hasSize(1);
				assertThat(requests.failures()).isEmpty();
			}

			// systemctl restart: the supervisor stops and starts again; the socket stays,
			// and connections wait in its queue meanwhile. None is refused, none fails.
			try (Requests requests = new Requests(port)) {
				await().atMost(Duration.ofSeconds(20)).until(() -> requests.succeeded() > 20);
				long before = requests.succeeded();
				write(commands, "restart");
				await().atMost(Duration.ofSeconds(30)).until(() -> output(log).contains("exited " + supervisor));
				await().atMost(ClusterProcess.READY).until(() -> ready(log) >= 3);
				await().atMost(Duration.ofSeconds(20)).until(() -> requests.succeeded() > before + 50);
				requests.close();
				assertThat(output(log)).contains("exited " + supervisor + " 0").contains("STOPPING=1");
				assertThat(requests.failures()).isEmpty();
				System.out.println("Across a restart of the supervisor: " + requests.succeeded() + " requests, "
						+ requests.failures().size() + " failed, the longest " + requests.longestMillis() + " ms");
			}
			long restarted = supervisorPid(log);
			write(commands, "stop");
			assertThat(manager.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(output(log)).contains("exited " + restarted + " 0");
		}
		finally {
			manager.descendants().forEach(ProcessHandle::destroyForcibly);
			manager.destroyForcibly();
		}
	}

	private static Path script() {
		return Path.of("src", "test", "resources", "systemd", "service_manager.py").toAbsolutePath();
	}

	private static String output(Path log) {
		try {
			return Files.readString(log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** How many times the service said READY=1. */
	private static long ready(Path log) {
		return notifications(log, "READY=1").size();
	}

	/** When each notification of this kind came, in the manager's monotonic ms. */
	private static List<Long> notifications(Path log, String kind) {
		List<Long> times = new ArrayList<>();
		for (String line : output(log).lines().toList()) {
			Matcher matcher = NOTIFY.matcher(line);
			if (matcher.matches() && matcher.group(2).equals(kind)) {
				times.add(Long.parseLong(matcher.group(1)));
			}
		}
		return times;
	}

	private static long supervisorPid(Path log) {
		return output(log).lines()
			.filter((line) -> line.startsWith("started "))
			.map((line) -> Long.parseLong(line.substring("started ".length()).trim()))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	private static void write(OutputStream commands, String command) throws IOException {
		commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
		commands.flush();
	}

	private static void signal(String signal, long pid) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
	}

	/**
	 * Requests one after another, each on a new connection, with a long read timeout: a
	 * connection that waits in the socket's queue while no worker accepts is slow, not
	 * failed.
	 */
	private static final class Requests implements AutoCloseable {

		private final int port;

		private final Thread thread;

		private final AtomicLong succeeded = new AtomicLong();

		private final AtomicLong longest = new AtomicLong();

		private final List<String> failures = new CopyOnWriteArrayList<>();

		private volatile boolean running = true;

		Requests(int port) {
			this.port = port;
			this.thread = new Thread(this::run, "systemd-it-requests");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		private void run() {
			while (this.running) {
				long started = System.nanoTime();
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
					socket.setSoTimeout(60_000);
					socket.getOutputStream()
						.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
							.getBytes(StandardCharsets.UTF_8));
					String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
					if (response.startsWith("HTTP/1.1 200")) {
						this.succeeded.incrementAndGet();
					}
					else {
						this.failures.add(response.lines().findFirst().orElse("empty response"));
					}
				}
				catch (IOException ex) {
					this.failures.add(ex.toString());
				}
				this.longest.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Math::max);
			}
		}

		long succeeded() {
			return this.succeeded.get();
		}

		long longestMillis() {
			return this.longest.get();
		}

		List<String> failures() {
			return this.failures;
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join(70_000);
		}

	}

}
