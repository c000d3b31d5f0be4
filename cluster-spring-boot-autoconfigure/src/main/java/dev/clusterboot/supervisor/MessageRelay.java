package dev.clusterboot.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.supervisor.metrics.SupervisorMeters;

/**
 * Delivers the app's messages: a worker's message to every ready worker (itself
 * included), or to the one it names. At most once: a worker whose outbox is full misses
 * it, and the drop is counted and logged once per run of drops. Lives on the supervisor's
 * loop thread.
 */
final class MessageRelay {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final long maxSize;

	private final int queueCapacity;

	private final SupervisorMeters meters;

	/** Messages dropped in a row, by worker index. */
	private final Map<Integer, Integer> droppedInARow = new HashMap<>();

	MessageRelay(long maxSize, int queueCapacity, SupervisorMeters meters) {
		this.maxSize = maxSize;
		this.queueCapacity = queueCapacity;
		this.meters = meters;
	}

	/**
	 * Deliver a message.
	 * @param from the sender
	 * @param message the message
	 * @param ready the ready workers, by index
	 */
	void relay(ChannelPeer from, ToSupervisor.AppMessage message, Map<Integer, ChannelPeer> ready) {
		long size = (long) message.payload().getBytes(StandardCharsets.UTF_8).length
				+ message.topic().getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxSize) {
			// The sender refuses these itself; this one came from elsewhere.
			logger.warn("Dropped a message on topic '" + Untrusted.forLog(message.topic()) + "' from worker "
					+ from.instance() + ": " + size + " bytes, above cluster.messaging.max-size (" + this.maxSize
					+ " bytes)");
			return;
		}
		ToWorker.Delivery delivery = message.delivery();
		ready.forEach((index, peer) -> {
			if (message.target() != null && message.target() != index.intValue()) {
				return;
			}
			if (peer.send(delivery)) {
				this.droppedInARow.remove(index);
				return;
			}
			this.meters.messageDropped(index);
			if (this.droppedInARow.merge(index, 1, Integer::sum) == 1) {
				// Once per run of drops: a hung worker would otherwise flood the log.
				logger.warn("worker " + index + " (pid " + peer.pid() + ") misses messages, from one on topic '"
						+ Untrusted.forLog(message.topic()) + "' on: it has not read the previous " + this.queueCapacity
						+ " (cluster.messaging.queue-capacity); see cluster.messages.dropped");
			}
		});
	}

}
