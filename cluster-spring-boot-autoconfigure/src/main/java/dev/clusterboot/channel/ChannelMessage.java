package dev.clusterboot.channel;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message on the supervisor-worker channel, sent as one line of JSON.
 *
 * @param type what the message says
 * @param secret the cluster's secret, only in {@link Type#HELLO}
 * @param instance the sender's worker index in {@link Type#HELLO}; the target worker in a
 * {@link Type#REQUEST}, if any
 * @param pid the sender's process id, in {@link Type#HELLO} and {@link Type#ONLINE}
 * @param port the port the worker serves on, in {@link Type#ONLINE}
 * @param managementPort the port of the worker's own management server, if it has one, in
 * {@link Type#ONLINE}
 * @param id pairs a {@link Type#RESPONSE} with its {@link Type#REQUEST}
 * @param operation what a {@link Type#REQUEST} asks for: {@code status}, {@code reload},
 * {@code restart} or {@code scale}
 * @param argument the request's argument, such as the instance count of a scale
 * @param status the HTTP-like status of a {@link Type#RESPONSE}
 * @param body the body of a {@link Type#RESPONSE}
 * @param topic what a {@link Type#MESSAGE} is about
 * @param payload a {@link Type#MESSAGE}'s payload, as JSON
 * @param payloadType the Java class of a {@link Type#MESSAGE}'s payload
 * @param sender the worker index that sent a {@link Type#MESSAGE}, -1 for the Actuator endpoint
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelMessage(Type type, String secret, Integer instance, Long pid, Integer port, Integer managementPort,
		String id, String operation, String argument, Integer status, Map<String, Object> body, String topic, String payload, String payloadType,
		Integer sender) {

	/**
	 * The kinds of message.
	 */
	public enum Type {

		/** Worker to supervisor, first line of a connection: who it is, and the secret. */
		HELLO,

		/** Worker to supervisor: Spring readiness reached ACCEPTING_TRAFFIC. */
		ONLINE,

		/**
		 * Worker to supervisor: its start-up failed, with the app's own explanation in
		 * {@code argument} (a FailureAnalyzer's description and action, or the root cause).
		 */
		FAILED,

		/** Supervisor to worker: stop gracefully and exit. */
		SHUTDOWN,

		/**
		 * An operation: from a worker's Actuator endpoint to the supervisor, or from the
		 * supervisor to a worker (its share of a cluster-wide scrape).
		 */
		REQUEST,

		/** The answer to a request. */
		RESPONSE,

		/**
		 * An app's message: from a worker to the supervisor, for every worker or for the one
		 * {@code instance} names; from the supervisor to each worker it is for.
		 */
		MESSAGE

	}

	public static ChannelMessage hello(String secret, int instance, long pid) {
		return new ChannelMessage(Type.HELLO, secret, instance, pid, null, null, null, null,
				null, null, null, null, null, null, null);
	}

	public static ChannelMessage online(long pid, int port, Integer managementPort) {
		return new ChannelMessage(Type.ONLINE, null, null, pid, port, managementPort, null, null,
				null, null, null, null, null, null, null);
	}

	public static ChannelMessage failed(String explanation) {
		return new ChannelMessage(Type.FAILED, null, null, null, null, null, null, null,
				explanation, null, null, null, null, null, null);
	}

	public static ChannelMessage shutdown() {
		return new ChannelMessage(Type.SHUTDOWN, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null);
	}

	public static ChannelMessage request(String id, String operation, String argument, Integer instance) {
		return new ChannelMessage(Type.REQUEST, null, instance, null, null, null, id, operation,
				argument, null, null, null, null, null, null);
	}

	public static ChannelMessage response(String id, int status, Map<String, Object> body) {
		return new ChannelMessage(Type.RESPONSE, null, null, null, null, null, id, null,
				null, status, body, null, null, null, null);
	}

	/**
	 * An app's message.
	 * @param topic what it is about
	 * @param payload the payload as JSON
	 * @param payloadType the payload's Java class
	 * @param sender the sending worker's index, -1 for the Actuator endpoint
	 * @param target the worker it is for, {@code null} for every worker
	 * @return the message
	 */
	public static ChannelMessage message(String topic, String payload, String payloadType, int sender,
			Integer target) {
		return new ChannelMessage(Type.MESSAGE, null, target, null, null, null, null, null, null, null, null, topic,
				payload, payloadType, sender);
	}

	/** This message as the supervisor delivers it: the same, without a target. */
	public ChannelMessage delivered() {
		return message(this.topic, this.payload, this.payloadType, this.sender, null);
	}

	@Override
	public String toString() {
		// Never print the secret.
		return "ChannelMessage[type=" + this.type + ", instance=" + this.instance + ", pid=" + this.pid + ", port="
				+ this.port + ", id=" + this.id + ", operation=" + this.operation + ", status=" + this.status + ", topic=" + this.topic + "]";
	}

}
