package dev.clusterboot.supervisor.port;

import java.io.IOException;
import java.net.ServerSocket;

import org.jspecify.annotations.Nullable;

/**
 * SO_REUSEPORT: each worker binds the public port itself (see the worker-side
 * customizers), so the supervisor has nothing to route. With {@code server.port=0} it
 * picks one free port for all workers.
 */
final class ReusePortSharing implements SharedPort {

	private final int port;

	private ReusePortSharing(int port) {
		this.port = port;
	}

	/**
	 * Check the port, the way the shared socket checks it by binding: a bind without
	 * SO_REUSEPORT fails where anything listens on the port, an SO_REUSEPORT listener of
	 * another process included, which would otherwise silently share the workers'
	 * traffic.
	 */
	static ReusePortSharing open(@Nullable String host, int port) throws IOException {
		try (ServerSocket probe = new ServerSocket()) {
			probe.bind(SharedPort.bindAddress(host, port));
			return new ReusePortSharing(probe.getLocalPort());
		}
		catch (IOException ex) {
			throw new IOException("Cannot listen on port " + port + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public int workerPort() {
		return this.port;
	}

	@Override
	public void close() {
	}

}
