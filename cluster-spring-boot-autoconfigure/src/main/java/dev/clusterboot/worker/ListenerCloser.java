package dev.clusterboot.worker;

/**
 * Closes a web server's listening socket while it keeps serving the connections it has. A
 * worker calls every such bean first when asked to shut down, so that no new connection
 * reaches it while Spring's graceful shutdown finishes the in-flight requests.
 */
@FunctionalInterface
public interface ListenerCloser {

	/**
	 * Stop accepting new connections; must be idempotent.
	 * @return whether this server was running here, so that its connections need draining
	 */
	boolean closeListener();

}
