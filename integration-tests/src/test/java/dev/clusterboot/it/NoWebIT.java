package dev.clusterboot.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An app without a web server, a queue consumer, clustered like any other: no port is
 * bound, a killed worker is replaced, SIGHUP reloads every worker while jobs keep flowing
 * and none is lost or done twice, and SIGTERM lets each worker finish the job in hand.
 */
class NoWebIT {

	private static final Duration START = Duration.ofSeconds(90);

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "reloads with kill -HUP")
	void aQueueConsumerClustersWithoutAPortAndLosesNoJobThroughAKillAReloadAndAStop(@TempDir Path spool)
			throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(TestApp.NO_WEB, "no-web", port, 2,
				"--test.spool=" + spool, "--test.job-millis=50");
				JobProducer producer = new JobProducer(spool.resolve("jobs"))) {
			assertThat(cluster.output()).contains("without a port: the app has no web server")
				.doesNotContain("port sharing");
			// Nothing was bound on the port the command line names.
			assertThat(ClusterProcess.isFree(port)).isTrue();
			List<ProcessHandle> first = cluster.workers();
			assertThat(first).hasSize(2);

			producer.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> donePids(spool).size() == 2);

			// A killed worker is replaced by a new JVM, which is ready and takes jobs.
			long killed = first.get(0).pid();
			first.get(0).destroyForcibly();
			await().atMost(START)
				.until(() -> cluster.output().contains("restarting it in") && readyCount(cluster) == 3);
			assertThat(cluster.workerPids()).hasSize(2).doesNotContain(killed);
			await().atMost(Duration.ofSeconds(30)).until(() -> donePids(spool).size() == 3);

			// SIGHUP reloads every worker, one at a time, while jobs flow.
			Set<Long> beforeReload = cluster.workerPids();
			cluster.signal("HUP");
			await().atMost(Duration.ofSeconds(120)).until(() -> cluster.output().contains("(reload) SUCCEEDED"));
			assertThat(cluster.workerPids()).hasSize(2).doesNotContainAnyElementsOf(beforeReload);
			assertThat(cluster.output()).contains("reload asked by SIGHUP");
			await().atMost(Duration.ofSeconds(30)).until(() -> donePids(spool).size() == 5);

			// SIGTERM: each worker finishes the job in hand, then the supervisor exits
			// with 0.
			producer.close();
			Set<ProcessHandle> workers = cluster.allWorkersSeen();
			cluster.process().destroy();
			assertThat(cluster.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(cluster.process().exitValue()).isZero();
			assertThat(workers).noneMatch(ProcessHandle::isAlive);
			assertThat(cluster.output()).contains("none in hand");

			// Every job is done once, or still waiting; only the SIGKILLed worker's job
			// in hand is
			// left claimed. A reload or a stop leaves none half done.
			long claimed = count(spool.resolve("claimed"));
			assertThat(claimed).isLessThanOrEqualTo(1);
			assertThat(count(spool.resolve("done")) + count(spool.resolve("jobs")) + claimed)
				.isEqualTo(producer.produced());
			assertThat(cluster.output()).doesNotContain("FileAlreadyExistsException");
		}
	}

	private static long readyCount(ClusterProcess cluster) {
		return cluster.output().lines().filter((line) -> line.contains("is ready after")).count();
	}

	private static long count(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.count();
		}
	}

	/** The pids of the workers that did jobs. */
	private static Set<String> donePids(Path spool) throws IOException {
		Set<String> pids = new HashSet<>();
		try (Stream<Path> files = Files.list(spool.resolve("done"))) {
			for (Path file : files.toList()) {
				pids.add(Files.readString(file).split(" ")[0]);
			}
		}
		return pids;
	}

	/**
	 * Puts a job into the spool every 20 ms, about what two workers of 50 ms jobs keep up
	 * with.
	 */
	private static final class JobProducer implements AutoCloseable {

		private final Path jobs;

		private final Path incoming;

		private final AtomicInteger produced = new AtomicInteger();

		private final Thread thread = new Thread(this::produce, "job-producer");

		private volatile boolean running = true;

		JobProducer(Path jobs) throws IOException {
			this.jobs = Files.createDirectories(jobs);
			this.incoming = Files.createDirectories(jobs.resolveSibling("incoming"));
		}

		void start() {
			this.thread.setDaemon(true);
			this.thread.start();
		}

		int produced() {
			return this.produced.get();
		}

		private void produce() {
			while (this.running) {
				try {
					String name = "job-" + this.produced.get();
					Path job = Files.writeString(this.incoming.resolve(name), "work");
					// Visible to the consumers only once written whole.
					Files.move(job, this.jobs.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
					this.produced.incrementAndGet();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join(10_000);
		}

	}

}
