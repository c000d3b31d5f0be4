package dev.clusterboot.autoconfigure;

import org.springframework.util.unit.DataSize;

/**
 * Messages between workers (ClusterMessaging).
 */
public class MessagingProperties {

	/**
	 * Largest payload of a cluster message, as JSON; a larger one is refused to its
	 * sender.
	 */
	private DataSize maxSize = DataSize.ofKilobytes(64);

	/**
	 * Messages that may wait for each worker, at the supervisor and in the worker; past
	 * that, messages to a slow worker are dropped and counted in
	 * 'cluster.messages.dropped'.
	 */
	private int queueCapacity = 1000;

	public DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(DataSize maxSize) {
		this.maxSize = maxSize;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

}
