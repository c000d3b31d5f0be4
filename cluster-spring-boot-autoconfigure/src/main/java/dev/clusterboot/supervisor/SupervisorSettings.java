package dev.clusterboot.supervisor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * What the supervisor runs by, mapped from {@code cluster.*} by the launcher: the
 * supervisor never reads the properties class.
 *
 * @param instances the number of workers to start
 * @param listenTimeout how long a starting worker may go without start-up progress
 * @param startTimeout how long a starting worker may take to be ready, progress or not
 * @param shutdownTimeout how long a stopping worker may take to exit
 * @param restartPolicy when a worker that died is started again
 * @param maxSurge new JVMs a reload starts above the instance count, each ready before
 * the one it replaces drains
 * @param maxUnavailable slots a reload may take out of service at once, each drained
 * before its new JVM starts
 * @param maxMemoryRestart replace a worker that stays above this resident memory;
 * {@code null}: never
 * @param memoryCheckInterval how often that is checked
 * @param scrapeTimeout how long a cluster-wide scrape waits for each worker
 * @param messageMaxSize the largest app message payload, in bytes
 * @param messageQueueCapacity messages that may wait for each worker
 * @param availableProcessors what {@code max} means to a scale
 * @param maxInstances the most workers a scale may ask for
 * @param heartbeatInterval how often the supervisor checks that each worker answers
 * @param heartbeatTimeout how long a ready worker may go without answering before it is
 * replaced
 * @param slowStart how long a worker that joins warm workers takes few connections; zero:
 * never
 * @param c1Only whether the supervisor's JVM compiles with C1 only from its start
 */
public record SupervisorSettings(int instances, Duration listenTimeout, Duration startTimeout, Duration shutdownTimeout,
		RestartPolicy restartPolicy, int maxSurge, int maxUnavailable, @Nullable DataSize maxMemoryRestart,
		Duration memoryCheckInterval, Duration scrapeTimeout, long messageMaxSize, int messageQueueCapacity,
		int availableProcessors, int maxInstances, Duration heartbeatInterval, Duration heartbeatTimeout,
		Duration slowStart, boolean c1Only) {

	/**
	 * Room in each worker's outbox: the app's messages, plus the supervisor's own few.
	 */
	int outboxCapacity() {
		return this.messageQueueCapacity + 16;
	}

	/**
	 * Channel connections that may be open at once: every worker and a replacement each,
	 * and a few not yet authenticated. More would only be someone trying.
	 */
	int maxConnections() {
		return 2 * this.maxInstances + 16;
	}

	/**
	 * New workers that may start at once: one per processor, at least 2. Each start keeps
	 * about one core busy.
	 */
	int startConcurrency() {
		return Math.max(2, this.availableProcessors);
	}

}
