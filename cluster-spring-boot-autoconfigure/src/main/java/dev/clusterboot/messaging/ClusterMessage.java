package dev.clusterboot.messaging;

import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

/**
 * A message from a worker of the cluster, published as an application event in each
 * worker it reaches. Listeners select by payload type,
 * {@code ClusterMessage<PriceChanged>}, or take all with {@code ClusterMessage<?>}; a
 * topic filter is a condition:
 * {@code @EventListener(condition = "#message.topic == 'prices'")}.
 *
 * @param <T> the payload's type, the sender's class of it
 * @param topic what it is about
 * @param sender the index of the worker that sent it, or {@link #FROM_OPERATIONS}
 * @param payload the payload, read from JSON into the sender's class of it
 */
public record ClusterMessage<T>(String topic, int sender, T payload) implements ResolvableTypeProvider {

	/**
	 * The sender of a message broadcast through the {@code cluster} Actuator endpoint.
	 */
	public static final int FROM_OPERATIONS = -1;

	@Override
	public ResolvableType getResolvableType() {
		return ResolvableType.forClassWithGenerics(ClusterMessage.class, ResolvableType.forInstance(this.payload));
	}

}
