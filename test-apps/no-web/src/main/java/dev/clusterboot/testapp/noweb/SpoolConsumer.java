package dev.clusterboot.testapp.noweb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Consumes jobs from a spool directory, as a consumer of a message queue would: a job
 * file in {@code jobs/} is claimed by an atomic move to {@code claimed/} (only one worker
 * wins it), worked on for a while, and written to {@code done/} with the pid and index of
 * the worker that did it.
 *
 * <p>
 * A {@link SmartLifecycle}: when the context closes (the supervisor's shutdown, a reload)
 * it takes no new job and returns only once the job in hand is done, so no job is left
 * half done.
 */
class SpoolConsumer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SpoolConsumer.class);

	/** How often an idle consumer looks for a new job: a queue client's poll interval. */
	private static final long POLL_NANOS = 20_000_000;

	private final Path jobs;

	private final Path claimed;

	private final Path done;

	private final long jobMillis;

	private final int instance;

	private volatile boolean running;

	private volatile Thread thread;

	SpoolConsumer(Path spool, long jobMillis, int instance) {
		this.jobs = spool.resolve("jobs");
		this.claimed = spool.resolve("claimed");
		this.done = spool.resolve("done");
		this.jobMillis = jobMillis;
		this.instance = instance;
	}

	@Override
	public void start() {
		try {
			Files.createDirectories(this.jobs);
			Files.createDirectories(this.claimed);
			Files.createDirectories(this.done);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.running = true;
		Thread consumer = new Thread(this::consume, "spool-consumer");
		this.thread = consumer;
		consumer.start();
	}

	private void consume() {
		int handled = 0;
		while (this.running) {
			Path job = claimNext();
			if (job == null) {
				LockSupport.parkNanos(POLL_NANOS);
				continue;
			}
			work(job);
			handled++;
		}
		logger.info("Consumer of worker " + this.instance + " stopped after " + handled + " job(s), none in hand");
	}

	private Path claimNext() {
		try (DirectoryStream<Path> waiting = Files.newDirectoryStream(this.jobs)) {
			for (Path job : waiting) {
				Path mine = this.claimed.resolve(job.getFileName());
				try {
					Files.move(job, mine, StandardCopyOption.ATOMIC_MOVE);
					return mine;
				}
				catch (NoSuchFileException ex) {
					// Another worker took it first.
				}
			}
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			logger.warn("Could not read the spool: " + ex.getMessage());
		}
		return null;
	}

	private void work(Path job) {
		LockSupport.parkNanos(this.jobMillis * 1_000_000);
		try {
			Path result = this.done.resolve(job.getFileName());
			// CREATE_NEW: a job done twice would fail here, and the test would see it.
			Files.writeString(result, ProcessHandle.current().pid() + " " + this.instance + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
			Files.delete(job);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread consumer = this.thread;
		if (consumer != null) {
			try {
				consumer.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
