package dev.clusterboot.drain;

/**
 * What a worker keeps open for longer than one request and would otherwise hold until
 * Spring's shutdown timeout: streamed responses (server-sent events, a body of many
 * parts), WebSocket sessions. The drain ends them the way each kind ends cleanly, so that
 * their clients reconnect at once, to another worker.
 */
public interface Streams {

	/**
	 * End every stream open now, without waiting for it to be gone. The drain calls it
	 * again while it waits, for the streams that begin meanwhile: each call must end only
	 * those not asked to end before.
	 */
	void end();

	/** How many are still open. */
	int open();

}
