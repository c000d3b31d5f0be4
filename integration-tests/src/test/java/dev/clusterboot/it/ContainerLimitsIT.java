package dev.clusterboot.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster in a control group with a one-CPU quota, as a container with
 * {@code --cpus=1} or a Kubernetes CPU limit of 1 runs it: {@code cluster.instances: max}
 * follows the quota, and SIGTERM, what {@code docker stop} and the kubelet send, drains
 * and exits 0 within the grace period. It needs to create a control group: as root, where
 * the host lets it write {@code /sys/fs/cgroup}; elsewhere it is skipped and says why.
 */
@EnabledOnOs(OS.LINUX)
class ContainerLimitsIT {

	private static final Path CGROUP = Path.of("/sys/fs/cgroup");

	@Test
	void maxFollowsAOneCpuQuotaAndSigtermDrainsAndExitsZero() throws Exception {
		Path group = createOneCpuGroup();
		int port = ClusterProcess.freePort();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// The shell joins the group, then becomes the JVM: the supervisor and its workers
		// are in it.
		String launch = "echo $$ > " + group.resolve("cgroup.procs") + " && exec " + java
				+ " -Xmx192m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + TestApp.TOMCAT.jar() + " --server.port="
				+ port + " --cluster.instances=max --cluster.startup-cache.enabled=false";
		Path log = Files.createTempFile("cgroup-one-cpu", ".log");
		Process supervisor = new ProcessBuilder("sh", "-c", launch).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			await().atMost(ClusterProcess.READY)
				.until(() -> Files.readString(log).contains("All 1 workers are ready on port " + port));
			assertThat(Files.readString(log)).contains("Starting a cluster of 1 worker(s)");
			assertThat(Http.get(port, "/hello").status()).isEqualTo(200);
			List<ProcessHandle> workers = supervisor.toHandle().children().toList();
			// What docker stop and the kubelet send; the grace period is 30 s by default.
			supervisor.destroy();
			assertThat(supervisor.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(supervisor.exitValue()).isZero();
			assertThat(workers).noneMatch(ProcessHandle::isAlive);
			assertThat(Files.readString(log)).contains("Cluster stopped");
		}
		finally {
			supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
			supervisor.destroyForcibly();
			supervisor.waitFor(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
				Files.deleteIfExists(group);
				return true;
			});
			Files.deleteIfExists(log);
		}
	}

	/**
	 * A new control group with a quota of one CPU, on cgroup v2 ({@code cpu.max}) or v1
	 * ({@code cpu.cfs_quota_us}).
	 */
	private static Path createOneCpuGroup() throws IOException {
		String name = "cluster-it-" + UUID.randomUUID().toString().substring(0, 8);
		boolean v2 = Files.exists(CGROUP.resolve("cgroup.controllers"));
		Path parent = v2 ? CGROUP : CGROUP.resolve("cpu");
		Assumptions.assumeTrue(Files.isWritable(parent), () -> "Skipped: this test creates a control group with a "
				+ "one-CPU quota, and " + parent + " is not writable here (run as root on a host that allows it)");
		Path group = Files.createDirectory(parent.resolve(name));
		try {
			if (v2) {
				Assumptions.assumeTrue(Files.exists(group.resolve("cpu.max")),
						"Skipped: the cpu controller is not enabled for child groups of " + parent);
				Files.writeString(group.resolve("cpu.max"), "100000 100000");
			}
			else {
				Files.writeString(group.resolve("cpu.cfs_period_us"), "100000");
				Files.writeString(group.resolve("cpu.cfs_quota_us"), "100000");
			}
			return group;
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(group);
			throw ex;
		}
	}

}
