package dev.clusterboot.messaging;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.Untrusted;

/**
 * Publishes delivered messages as {@link ClusterMessage} events, in order, on a thread of
 * its own with a bounded queue: a listener that blocks holds up only this worker's later
 * messages, and once the queue is full further ones are dropped, counted and logged,
 * never waited for.
 */
final class MessageDelivery implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(MessageDelivery.class);

	private final MessageCodec codec;

	private final ApplicationEventPublisher publisher;

	private final Runnable onDrop;

	private final ThreadPoolExecutor executor;

	private int droppedInARow;

	MessageDelivery(MessageCodec codec, ApplicationEventPublisher publisher, int queueCapacity, Runnable onDrop) {
		this.codec = codec;
		this.publisher = publisher;
		this.onDrop = onDrop;
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
				(task) -> {
					Thread thread = new Thread(task, "cluster-messages");
					thread.setDaemon(true);
					return thread;
				});
	}

	/** Queue a message for its listeners; never blocks. */
	void deliver(ToWorker.Delivery message) {
		try {
			this.executor.execute(() -> publish(message));
			synchronized (this) {
				this.droppedInARow = 0;
			}
		}
		catch (RejectedExecutionException ex) {
			this.onDrop.run();
			synchronized (this) {
				if (this.droppedInARow++ == 0) {
					logger.warn("Dropped a cluster message on topic '" + Untrusted.forLog(message.topic())
							+ "', and drops further ones "
							+ "until the listeners catch up: they have not handled the previous ones "
							+ "(cluster.messaging.queue-capacity); see cluster.messages.dropped");
				}
			}
		}
	}

	private void publish(ToWorker.Delivery message) {
		ClusterMessage<Object> event;
		try {
			event = this.codec.decode(message);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Dropped a cluster message on topic '" + Untrusted.forLog(message.topic()) + "' from worker "
					+ message.sender() + ": " + ex.getMessage());
			return;
		}
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error(
					"A listener of the cluster message on topic '" + Untrusted.forLog(message.topic()) + "' failed",
					ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
