package dev.clusterboot.server.grpc;

import io.grpc.Server;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.worker.WorkerAgent;

/**
 * A worker's gRPC server: it tells the supervisor its port once started, and takes part
 * in the drain. Leaving shuts the server down as grpc-java does it, gracefully: the
 * listener closes, each connection gets a GOAWAY, so that clients send new calls on a new
 * connection, to another worker, and the calls in flight go on. Spring's lifecycle would
 * wait for them, but skips a server already shut down: the drain's last step runs Spring
 * gRPC's own stop instead, which waits {@code spring.grpc.server.shutdown.grace-period}
 * for them.
 */
public final class GrpcDrain implements DrainingServer, ApplicationListener<GrpcServerStartedEvent> {

	private final WorkerAgent agent;

	private final int publicPort;

	private volatile @Nullable GrpcServerStartedEvent started;

	/**
	 * The gRPC server's part.
	 * @param agent the worker's link to the supervisor
	 * @param publicPort the gRPC server's public port, 0 for the one it listens on
	 */
	public GrpcDrain(WorkerAgent agent, int publicPort) {
		this.agent = agent;
		this.publicPort = publicPort;
	}

	@Override
	public void onApplicationEvent(GrpcServerStartedEvent event) {
		this.started = event;
		this.agent.listening(SharedServer.GRPC, (this.publicPort != 0) ? this.publicPort : event.getPort(),
				event.getPort());
	}

	@Override
	public boolean leave() {
		GrpcServerStartedEvent event = this.started;
		if (event == null) {
			return false;
		}
		Server server = event.getServer();
		server.shutdown();
		return true;
	}

	/** The gRPC server waits for its calls itself, in {@link #finish()}. */
	@Override
	public int openConnections() {
		return 0;
	}

	@Override
	public void finish() {
		GrpcServerStartedEvent event = this.started;
		if (event != null) {
			GrpcServerLifecycle lifecycle = event.getSource();
			lifecycle.stop();
		}
	}

}
