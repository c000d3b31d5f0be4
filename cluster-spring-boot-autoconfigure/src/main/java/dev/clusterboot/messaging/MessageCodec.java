package dev.clusterboot.messaging;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;

/**
 * Payloads to JSON and back. A payload travels with its class name, and is read back into
 * that class in each receiving worker: the workers run the same app, so they have it.
 * Only authenticated workers of this cluster, and the Actuator endpoint (strings only),
 * can send.
 */
final class MessageCodec {

	private final JsonMapper json;

	private final long maxSize;

	private final ClassLoader classLoader;

	MessageCodec(JsonMapper json, long maxSize, ClassLoader classLoader) {
		this.json = json;
		this.maxSize = maxSize;
		this.classLoader = classLoader;
	}

	/**
	 * The message for a payload.
	 * @throws ClusterMessageTooLargeException when its JSON is larger than the maximum
	 */
	ToSupervisor.AppMessage encode(String topic, Object payload, int sender, @Nullable Integer target) {
		String text = this.json.writeValueAsString(payload);
		// The topic travels and is kept with the payload: it counts too.
		long size = (long) text.getBytes(StandardCharsets.UTF_8).length + topic.getBytes(StandardCharsets.UTF_8).length;
		if (size > this.maxSize) {
			throw new ClusterMessageTooLargeException(topic, size, this.maxSize);
		}
		return new ToSupervisor.AppMessage(topic, text, payload.getClass().getName(), sender, target);
	}

	/**
	 * The event for a delivered message.
	 * @throws IllegalArgumentException when its payload cannot be read into its class
	 */
	ClusterMessage<Object> decode(ToWorker.Delivery message) {
		try {
			Class<?> type = ClassUtils.forName(message.payloadType(), this.classLoader);
			Object payload = this.json.readValue(message.payload(), type);
			return new ClusterMessage<>(message.topic(), message.sender(), payload);
		}
		catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
			throw new IllegalArgumentException("cannot read its " + message.payloadType() + " payload: " + ex, ex);
		}
	}

}
