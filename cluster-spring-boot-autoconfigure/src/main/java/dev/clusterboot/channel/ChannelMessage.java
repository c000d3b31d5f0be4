package dev.clusterboot.channel;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One message on the supervisor-worker channel, sent as one line of JSON.
 *
 * @param type what the message says
 * @param secret the cluster's secret, only in {@link Type#HELLO}
 * @param instance the sender's worker index, in {@link Type#HELLO}
 * @param pid the sender's process id, in {@link Type#HELLO} and {@link Type#ONLINE}
 * @param port the port the worker serves on, in {@link Type#ONLINE}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelMessage(Type type, String secret, Integer instance, Long pid, Integer port) {

	/**
	 * The kinds of message.
	 */
	public enum Type {

		/** Worker to supervisor, first line of a connection: who it is, and the secret. */
		HELLO,

		/** Worker to supervisor: Spring readiness reached ACCEPTING_TRAFFIC. */
		ONLINE,

		/** Supervisor to worker: stop gracefully and exit. */
		SHUTDOWN

	}

	public static ChannelMessage hello(String secret, int instance, long pid) {
		return new ChannelMessage(Type.HELLO, secret, instance, pid, null);
	}

	public static ChannelMessage online(long pid, int port) {
		return new ChannelMessage(Type.ONLINE, null, null, pid, port);
	}

	public static ChannelMessage shutdown() {
		return new ChannelMessage(Type.SHUTDOWN, null, null, null, null);
	}

	@Override
	public String toString() {
		// Never print the secret.
		return "ChannelMessage[type=" + this.type + ", instance=" + this.instance + ", pid=" + this.pid + ", port="
				+ this.port + "]";
	}

}
