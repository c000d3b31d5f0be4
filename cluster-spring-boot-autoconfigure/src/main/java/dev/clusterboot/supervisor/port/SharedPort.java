package dev.clusterboot.supervisor.port;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.PortSharing;

/**
 * The supervisor's side of port sharing: which port the workers serve, and which workers
 * may get new connections.
 */
public interface SharedPort extends Closeable {

	/** The public port, resolved when {@code server.port} is 0. */
	int port();

	/**
	 * The port a worker serves: the public port, or 0 (any free loopback port) behind the
	 * proxy.
	 */
	int workerPort();

	/**
	 * Where a worker fetches the shared listening socket, if this mechanism hands one
	 * out.
	 * @return the handoff socket, or {@code null}
	 */
	default @Nullable Path listenerHandoff() {
		return null;
	}

	/**
	 * A worker is ready to take new connections. Only a mechanism that routes connections
	 * itself acts on it; where workers accept from the kernel, a worker takes connections
	 * once it listens.
	 * @param pid the worker's process id (during a reload two JVMs serve one index)
	 * @param port the port it reported
	 * @param proxyProtocol whether it reads a PROXY protocol v2 header with the client's
	 * address
	 */
	default void workerReady(long pid, int port, boolean proxyProtocol) {
	}

	/**
	 * A worker must get no new connections: it is draining, or gone. Only a mechanism
	 * that routes connections itself acts on it; elsewhere a leaving worker stops
	 * accepting by closing its listener.
	 * @param pid the worker's process id
	 */
	default void workerLeaving(long pid) {
	}

	@Override
	void close();

	/**
	 * Where the public port listens: {@code server.address}, or every address when it is
	 * unset.
	 * @param host {@code server.address}, or {@code null}
	 * @param port {@code server.port}
	 * @return the address to bind
	 */
	static InetSocketAddress bindAddress(@Nullable String host, int port) {
		return (host != null) ? new InetSocketAddress(host, port) : new InetSocketAddress(port);
	}

	/**
	 * A relay on a port to the workers, each on a private loopback port of its own as it
	 * reports ready: the proxy, for Actuator's management port, and for the app's other
	 * servers behind {@code cluster.port-sharing=proxy}.
	 * @param host the address to listen on, or {@code null} for all
	 * @param port the port, 0 for any free port
	 * @return the relay
	 * @throws IOException when the port cannot be had
	 */
	static SharedPort relay(@Nullable String host, int port) throws IOException {
		return ConnectionProxy.start(host, port);
	}

	/**
	 * For an app without a web server, under the shared socket: a handoff that shares
	 * only the ports its other servers ask for (a gRPC server's), when a worker first
	 * asks.
	 * @param privateDirectory the cluster's private directory
	 * @param admitted whether a worker's secret admits it
	 * @return the handoff, whose {@link #port()} is 0
	 * @throws IOException when the handoff socket cannot be opened
	 */
	static SharedPort othersOnly(Path privateDirectory, Predicate<String> admitted) throws IOException {
		return SharedSocket.othersOnly(privateDirectory, admitted);
	}

	/**
	 * Open the supervisor's side of a mechanism.
	 * @param mechanism {@link PortSharing#REUSEPORT} or {@link PortSharing#PROXY}
	 * @param host the address to listen on ({@code server.address}), or {@code null} for
	 * all
	 * @param port the public port ({@code server.port}), 0 for any free port
	 * @param privateDirectory the cluster's private directory, where workers fetch a
	 * shared socket
	 * @param admitted whether a secret that a worker presents to fetch the shared socket
	 * was issued to a worker JVM
	 * @return the open shared port
	 * @throws IOException when the port cannot be had
	 */
	static SharedPort open(PortSharing mechanism, @Nullable String host, int port, Path privateDirectory,
			Predicate<String> admitted) throws IOException {
		return open(mechanism, host, port, null, privateDirectory, admitted);
	}

	/**
	 * Open the supervisor's side of a mechanism, on a listening socket it inherited
	 * (systemd's socket activation) where there is one: the shared socket then shares
	 * that one instead of binding its own.
	 * @param mechanism the resolved mechanism
	 * @param host the address to listen on, or {@code null} for all
	 * @param port the public port, 0 for any free port
	 * @param inherited the inherited listening descriptor, or {@code null}
	 * @param privateDirectory where workers fetch a shared socket
	 * @param admitted whether a worker's secret admits it
	 * @return the open shared port
	 * @throws IOException when the port cannot be had
	 */
	static SharedPort open(PortSharing mechanism, @Nullable String host, int port, @Nullable Integer inherited,
			Path privateDirectory, Predicate<String> admitted) throws IOException {
		if (inherited != null) {
			if (mechanism != PortSharing.SHARED_SOCKET) {
				throw new IllegalArgumentException("An inherited socket is shared with shared-socket only");
			}
			return SharedSocket.adopt(inherited, privateDirectory, admitted);
		}
		return switch (mechanism) {
			case SHARED_SOCKET -> SharedSocket.open(host, port, privateDirectory, admitted);
			case REUSEPORT -> ReusePortSharing.open(host, port);
			case PROXY -> ConnectionProxy.start(host, port);
			case AUTO -> throw new IllegalArgumentException("resolve AUTO first");
		};
	}

}
