package dev.clusterboot.supervisor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * What the supervisor runs by, mapped from {@code cluster.*} by the launcher: the
 * supervisor never reads the properties class.
 *
 * @param instances the number of workers to start
 * @param listenTimeout how long a starting worker may take to be ready
 * @param shutdownTimeout how long a stopping worker may take to exit
 * @param restartPolicy when a worker that died is started again
 * @param reloadParallelism slots a rolling reload replaces at the same time
 * @param maxMemoryRestart replace a worker that stays above this resident memory;
 * {@code null}: never
 * @param memoryCheckInterval how often that is checked
 * @param scrapeTimeout how long a cluster-wide scrape waits for each worker
 * @param messageMaxSize the largest app message payload, in bytes
 * @param messageQueueCapacity messages that may wait for each worker
 * @param availableProcessors what {@code max} means to a scale
 */
public record SupervisorSettings(int instances, Duration listenTimeout, Duration shutdownTimeout,
		RestartPolicy restartPolicy, int reloadParallelism, @Nullable DataSize maxMemoryRestart,
		Duration memoryCheckInterval, Duration scrapeTimeout, long messageMaxSize, int messageQueueCapacity,
		int availableProcessors) {

	/**
	 * Room in each worker's outbox: the app's messages, plus the supervisor's own few.
	 */
	int outboxCapacity() {
		return this.messageQueueCapacity + 16;
	}

}
