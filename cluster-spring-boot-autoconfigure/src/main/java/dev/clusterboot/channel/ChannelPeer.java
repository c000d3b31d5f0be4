package dev.clusterboot.channel;

/**
 * An authenticated worker at the supervisor's end of the channel.
 */
public interface ChannelPeer {

	/** The worker index it presented. */
	int instance();

	/** The process id it presented. */
	long pid();

	/** The secret it presented: issued to one worker JVM only. */
	String secret();

	/**
	 * Queue a message for the worker, without waiting for it to be written.
	 * @param message the message
	 * @return whether it was queued: {@code false} when the connection is closed, or when
	 * the worker has not read what it was sent before and its outbox is full
	 */
	boolean send(ToWorker message);

	/** End the connection. */
	void close();

}
