package dev.clusterboot.drain;

/**
 * One server's part in a worker's drain: a web server, the gRPC server, the RSocket
 * server.
 */
public interface DrainingServer {

	/** {@link #openConnections()} when the server cannot count them. */
	int UNKNOWN = -1;

	/**
	 * Stop accepting new connections, while the ones open are served on, and stop keeping
	 * them alive: each response from now on ends its connection, framed so that the
	 * client can tell its end. Must be idempotent.
	 * @return whether this server was running here, so that its connections need draining
	 */
	boolean leave();

	/**
	 * The connections the drain waits for: those this server still holds. A server that
	 * drains its connections in a lifecycle of its own, as the gRPC server does, says 0.
	 * @return the number, or {@link #UNKNOWN}
	 */
	default int openConnections() {
		return UNKNOWN;
	}

	/**
	 * The drain's last step, once it no longer waits for the connections: a server that
	 * drains in a lifecycle of its own, which Spring skips once the server has left,
	 * finishes that here.
	 */
	default void finish() {
	}

}
