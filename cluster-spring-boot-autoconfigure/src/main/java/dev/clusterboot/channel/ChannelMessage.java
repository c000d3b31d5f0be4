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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelMessage(Type type, String secret, Integer instance, Long pid, Integer port, Integer managementPort,
		String id, String operation, String argument, Integer status, Map<String, Object> body) {

	/**
	 * The kinds of message.
	 */
	public enum Type {

		/** Worker to supervisor, first line of a connection: who it is, and the secret. */
		HELLO,

		/** Worker to supervisor: Spring readiness reached ACCEPTING_TRAFFIC. */
		ONLINE,

		/** Supervisor to worker: stop gracefully and exit. */
		SHUTDOWN,

		/** Worker to supervisor: an operation asked through the worker's Actuator endpoint. */
		REQUEST,

		/** Supervisor to worker: the answer to a request. */
		RESPONSE

	}

	public static ChannelMessage hello(String secret, int instance, long pid) {
		return new ChannelMessage(Type.HELLO, secret, instance, pid, null, null, null, null, null, null, null);
	}

	public static ChannelMessage online(long pid, int port, Integer managementPort) {
		return new ChannelMessage(Type.ONLINE, null, null, pid, port, managementPort, null, null, null, null, null);
	}

	public static ChannelMessage shutdown() {
		return new ChannelMessage(Type.SHUTDOWN, null, null, null, null, null, null, null, null, null, null);
	}

	public static ChannelMessage request(String id, String operation, String argument, Integer instance) {
		return new ChannelMessage(Type.REQUEST, null, instance, null, null, null, id, operation, argument, null, null);
	}

	public static ChannelMessage response(String id, int status, Map<String, Object> body) {
		return new ChannelMessage(Type.RESPONSE, null, null, null, null, null, id, null, null, status, body);
	}

	@Override
	public String toString() {
		// Never print the secret.
		return "ChannelMessage[type=" + this.type + ", instance=" + this.instance + ", pid=" + this.pid + ", port="
				+ this.port + ", id=" + this.id + ", operation=" + this.operation + ", status=" + this.status + "]";
	}

}
