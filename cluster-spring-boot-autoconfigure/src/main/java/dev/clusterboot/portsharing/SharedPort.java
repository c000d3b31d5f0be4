package dev.clusterboot.portsharing;

import java.io.Closeable;
import java.io.IOException;

/**
 * The supervisor's side of port sharing: which port the workers serve, and which workers may get
 * new connections.
 */
public interface SharedPort extends Closeable {

	/** The public port, resolved when {@code server.port} is 0. */
	int port();

	/** The port a worker binds itself: the public port with SO_REUSEPORT, 0 behind the proxy. */
	int workerPort();

	/**
	 * A worker is ready to take new connections.
	 * @param id the worker index
	 * @param port the port it reported
	 */
	void workerReady(int id, int port);

	/**
	 * A worker must get no new connections: it is draining, or gone.
	 * @param id the worker index
	 */
	void workerLeaving(int id);

	@Override
	void close();

	/**
	 * Open the supervisor's side of a mechanism.
	 * @param mechanism {@link PortSharing#REUSEPORT} or {@link PortSharing#PROXY}
	 * @param host the address to listen on ({@code server.address}), or {@code null} for all
	 * @param port the public port ({@code server.port}), 0 for any free port
	 * @return the open shared port
	 * @throws IOException when the port cannot be had
	 */
	static SharedPort open(PortSharing mechanism, String host, int port) throws IOException {
		return switch (mechanism) {
			case REUSEPORT -> ReusePortSharing.open(host, port);
			case PROXY -> ConnectionProxy.start(host, port);
			case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
		};
	}

}
