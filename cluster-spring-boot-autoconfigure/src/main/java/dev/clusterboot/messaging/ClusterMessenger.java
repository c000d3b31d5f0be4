package dev.clusterboot.messaging;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.ClassUtils;

import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.worker.WorkerAgent;

/**
 * The {@link ClusterMessaging} of this process. A message is encoded and size-checked by
 * its sender, then:
 * <ul>
 * <li>in a worker, sent to the supervisor over the private channel, which delivers it to
 * every ready worker or to the one addressed (workers never talk to each other
 * directly);</li>
 * <li>without a cluster (a single process, a test), delivered to this process alone,
 * which is index 0, by the same path, so that app code behaves the same either way.</li>
 * </ul>
 * Each receiver decodes and publishes it on its {@link MessageDelivery} thread.
 */
public final class ClusterMessenger implements ClusterMessaging, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ClusterMessenger.class);

	private final MessageCodec codec;

	private final int instance;

	private final MessageDelivery delivery;

	private final Consumer<ToSupervisor.AppMessage> transport;

	private final AtomicLong dropped;

	private ClusterMessenger(MessageCodec codec, int instance, MessageDelivery delivery,
			Consumer<ToSupervisor.AppMessage> transport, AtomicLong dropped) {
		this.codec = codec;
		this.instance = instance;
		this.delivery = delivery;
		this.transport = transport;
		this.dropped = dropped;
	}

	/**
	 * Create the messaging of this process.
	 * @param agent this worker's link to its supervisor, or {@code null} outside a
	 * cluster
	 * @param instance this process's index ({@code cluster.instance-id}; 0 without a
	 * cluster)
	 * @param json reads and writes payloads
	 * @param publisher publishes received messages as events
	 * @param maxSize the largest payload, as JSON, in bytes
	 * @param queueCapacity how many received messages may wait for their listeners
	 * @return the messaging, to close when the context closes
	 */
	public static ClusterMessenger create(@Nullable WorkerAgent agent, int instance, JsonMapper json,
			ApplicationEventPublisher publisher, long maxSize, int queueCapacity) {
		// The app's class loader, which sees its payload classes (DevTools restarts them
		// in their own).
		MessageCodec codec = new MessageCodec(json, maxSize, ClassUtils.getDefaultClassLoader());
		AtomicLong dropped = new AtomicLong();
		MessageDelivery delivery = new MessageDelivery(codec, publisher, queueCapacity, dropped::incrementAndGet);
		if (agent == null) {
			return new ClusterMessenger(codec, instance, delivery, (message) -> {
				// A message for another index has no worker to reach, as in a cluster
				// without it.
				if (message.target() == null || Objects.equals(message.target(), instance)) {
					delivery.deliver(message.delivery());
				}
			}, dropped);
		}
		agent.onAppMessage(delivery::deliver);
		return new ClusterMessenger(codec, agent.instance(), delivery, (message) -> {
			try {
				agent.sendAppMessage(message);
			}
			catch (IOException ex) {
				// At most once: the supervisor is gone, and this worker is about to stop.
				logger.warn("Could not send the cluster message on topic '" + Untrusted.forLog(message.topic()) + "': "
						+ ex.getMessage());
			}
		}, dropped);
	}

	@Override
	public void broadcast(String topic, Object payload) {
		this.transport.accept(this.codec.encode(topic, payload, this.instance, null));
	}

	@Override
	public void send(int instance, String topic, Object payload) {
		this.transport.accept(this.codec.encode(topic, payload, this.instance, instance));
	}

	/**
	 * Broadcast on behalf of another sender: the Actuator endpoint.
	 * @param sender the sender's index, {@link ClusterMessage#FROM_OPERATIONS} for the
	 * endpoint
	 * @param topic what it is about
	 * @param payload the payload
	 * @throws ClusterMessageTooLargeException when the payload is too large
	 */
	public void broadcastAs(int sender, String topic, Object payload) {
		this.transport.accept(this.codec.encode(topic, payload, sender, null));
	}

	/**
	 * Received messages dropped because this worker's listeners did not keep up, counted
	 * as {@code cluster.messages.dropped} when Micrometer is there.
	 * @return the number dropped since start
	 */
	public long droppedMessages() {
		return this.dropped.get();
	}

	@Override
	public void close() {
		this.delivery.close();
	}

}
