package dev.clusterboot.messaging;

/**
 * Sends the app's messages to the workers of the cluster, where each arrives as a
 * {@link ClusterMessage} application event, for an ordinary {@code @EventListener}:
 *
 * <pre class="code">
 * messaging.broadcast("prices", new PriceChanged("apple"));
 *
 * &#64;EventListener
 * void on(ClusterMessage&lt;PriceChanged&gt; message) {
 *     cache.evict(message.payload().item());
 * }
 * </pre>
 *
 * <p>
 * For low-frequency signals (a cache to evict, a setting to reload), not for data:
 * delivery is asynchronous and at most once, a worker that starts later never gets
 * earlier messages, and a payload is at most {@code cluster.messaging.max-size} as JSON.
 * The sender receives its own broadcast, like every other worker, so that a cache
 * eviction, say, needs no special case for the worker that changed the data. Without a
 * cluster (a single process, a test) messages are delivered in the same way to this
 * process alone, so app code needs no {@code if}.
 */
public interface ClusterMessaging {

	/**
	 * Send to every ready worker, this one included.
	 * @param topic what it is about; listeners can filter on it
	 * @param payload a Jackson-serializable object, or a string
	 * @throws ClusterMessageTooLargeException when the payload is larger than
	 * {@code cluster.messaging.max-size} as JSON
	 */
	void broadcast(String topic, Object payload);

	/**
	 * Send to the worker with this index, if it is ready.
	 * @param instance the worker index, possibly this worker's own
	 * @param topic what it is about; listeners can filter on it
	 * @param payload a Jackson-serializable object, or a string
	 * @throws ClusterMessageTooLargeException when the payload is larger than
	 * {@code cluster.messaging.max-size} as JSON
	 */
	void send(int instance, String topic, Object payload);

}
