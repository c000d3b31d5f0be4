package dev.clusterboot.contract;

import java.util.Locale;

/**
 * How the workers of one cluster share the public {@code server.port}.
 */
public enum PortSharing {

	/**
	 * {@link #SHARED_SOCKET} on Linux (where Netty's native epoll transport is available,
	 * as the starter brings it; {@link #REUSEPORT} otherwise), {@link #PROXY} on other
	 * systems.
	 */
	AUTO,

	/**
	 * The supervisor binds one listening socket and every worker accepts from it. One
	 * accept queue: a stopping worker leaves the connections waiting there to the others,
	 * so nothing is reset. No extra hop, and the app sees the client's address. Linux
	 * only.
	 */
	SHARED_SOCKET,

	/**
	 * Every worker binds the public port itself with SO_REUSEPORT and the kernel spreads
	 * new connections among them. No extra hop, and the app sees the client's address.
	 */
	REUSEPORT,

	/**
	 * The supervisor accepts on the public port and relays each connection to a worker
	 * bound to a private loopback port. Works on every OS and drains exactly, at the cost
	 * of one hop; the app sees the supervisor's loopback address as the remote address.
	 */
	PROXY;

	/**
	 * How {@code cluster.port-sharing} spells this mechanism, for example
	 * {@code shared-socket}.
	 */
	public String propertyValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The mechanism that runs for this setting on the given operating system, with the
	 * reason.
	 * @param osName the value of {@code os.name}
	 * @param descriptorPassing whether workers can receive the shared socket (Netty's
	 * native epoll transport is available)
	 * @return the concrete mechanism, never {@link #AUTO}
	 */
	public Choice resolve(String osName, boolean descriptorPassing) {
		boolean linux = osName.toLowerCase(Locale.ROOT).contains("linux");
		return switch (this) {
			case AUTO -> {
				if (linux && descriptorPassing) {
					yield new Choice(SHARED_SOCKET, "cluster.port-sharing=auto on Linux: one listening socket shared "
							+ "by all workers, no extra hop, the client's address kept, nothing reset when a worker stops");
				}
				if (linux) {
					yield new Choice(REUSEPORT, "cluster.port-sharing=auto on Linux without Netty's native epoll "
							+ "transport: SO_REUSEPORT, no extra hop, the client's address kept");
				}
				yield new Choice(PROXY, "cluster.port-sharing=auto on " + osName
						+ ": SO_REUSEPORT does not balance there, so the supervisor proxies");
			}
			case SHARED_SOCKET -> {
				if (!linux || !descriptorPassing) {
					throw new IllegalStateException("cluster.port-sharing=shared-socket needs Linux and Netty's native "
							+ "epoll transport (netty-transport-native-epoll) on the class path");
				}
				yield new Choice(SHARED_SOCKET, "cluster.port-sharing=shared-socket");
			}
			case REUSEPORT -> new Choice(REUSEPORT, "cluster.port-sharing=reuseport"
					+ (linux ? "" : " (on " + osName + " the kernel may not balance it)"));
			case PROXY -> new Choice(PROXY, "cluster.port-sharing=proxy");
		};
	}

	/**
	 * A resolved mechanism and why it was chosen, for the start-up log line.
	 *
	 * @param mechanism the concrete mechanism
	 * @param reason why it runs
	 */
	public record Choice(PortSharing mechanism, String reason) {
	}

}
