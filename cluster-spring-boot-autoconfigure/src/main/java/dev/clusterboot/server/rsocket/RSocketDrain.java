package dev.clusterboot.server.rsocket;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.rsocket.context.RSocketServerInitializedEvent;
import org.springframework.boot.rsocket.server.RSocketServer;
import org.springframework.context.ApplicationListener;

import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.worker.WorkerAgent;

/**
 * A worker's standalone RSocket server: it tells the supervisor its port once started,
 * and takes part in the drain. Leaving stops the server as Spring Boot's lifecycle would
 * later, which closes its listener; the connections it holds end with the worker, and a
 * client that reconnects (an {@code RSocketRequester} with a retry) reaches another
 * worker. The drain does not wait for them: RSocket has no way to ask a client to move.
 */
public final class RSocketDrain implements DrainingServer, ApplicationListener<RSocketServerInitializedEvent> {

	private final WorkerAgent agent;

	private final int publicPort;

	private volatile @Nullable RSocketServer server;

	/**
	 * The RSocket server's part.
	 * @param agent the worker's link to the supervisor
	 * @param publicPort the server's public port, 0 for the one it listens on
	 */
	public RSocketDrain(WorkerAgent agent, int publicPort) {
		this.agent = agent;
		this.publicPort = publicPort;
	}

	@Override
	public void onApplicationEvent(RSocketServerInitializedEvent event) {
		RSocketServer server = event.getServer();
		InetSocketAddress address = server.address();
		if (address == null) {
			return;
		}
		this.server = server;
		this.agent.listening(SharedServer.RSOCKET, (this.publicPort != 0) ? this.publicPort : address.getPort(),
				address.getPort());
	}

	@Override
	public boolean leave() {
		RSocketServer server = this.server;
		if (server == null) {
			return false;
		}
		server.stop();
		return true;
	}

	@Override
	public int openConnections() {
		return 0;
	}

}
