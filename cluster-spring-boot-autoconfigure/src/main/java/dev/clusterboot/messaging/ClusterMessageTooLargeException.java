package dev.clusterboot.messaging;

import dev.clusterboot.contract.Untrusted;

/**
 * A message payload is larger than {@code cluster.messaging.max-size} as JSON. Thrown to
 * the sender; nothing was sent.
 */
public class ClusterMessageTooLargeException extends IllegalArgumentException {

	public ClusterMessageTooLargeException(String topic, long size, long maxSize) {
		super("The message on topic '" + Untrusted.forLog(topic) + "' is " + size
				+ " bytes (its topic and its payload as JSON), above cluster.messaging.max-size (" + maxSize
				+ " bytes): nothing was sent. Send a reference (a key, an id) that each worker can look up, "
				+ "or raise cluster.messaging.max-size.");
	}

}
