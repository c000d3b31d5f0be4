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

	static ReusePortSharing open(@Nullable String host, int port) throws IOException {
		if (port != 0) {
			return new ReusePortSharing(port);
		}
		try (ServerSocket probe = new ServerSocket()) {
			probe.bind(SharedPort.bindAddress(host, 0));
			return new ReusePortSharing(probe.getLocalPort());
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
