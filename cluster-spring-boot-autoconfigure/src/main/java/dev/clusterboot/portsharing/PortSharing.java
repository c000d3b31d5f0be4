package dev.clusterboot.portsharing;

import java.util.Locale;

/**
 * How the workers of one cluster share the public {@code server.port}.
 */
public enum PortSharing {

	/**
	 * {@link #REUSEPORT} on Linux, where the kernel balances it; {@link #PROXY} elsewhere.
	 */
	AUTO,

	/**
	 * Every worker binds the public port itself with SO_REUSEPORT and the kernel spreads new
	 * connections among them. No extra hop, and the app sees the client's address.
	 */
	REUSEPORT,

	/**
	 * The supervisor accepts on the public port and relays each connection to a worker bound to
	 * a private loopback port. Works on every OS and drains exactly, at the cost of one hop; the
	 * app sees the supervisor's loopback address as the remote address.
	 */
	PROXY;

	/**
	 * The mechanism that runs for this setting on the given operating system, with the reason.
	 * @param osName the value of {@code os.name}
	 * @return the concrete mechanism, never {@link #AUTO}
	 */
	public Choice resolve(String osName) {
		boolean linux = osName.toLowerCase(Locale.ROOT).contains("linux");
		return switch (this) {
			case AUTO -> linux
					? new Choice(REUSEPORT, "cluster.port-sharing=auto on Linux: the kernel balances SO_REUSEPORT "
							+ "listeners, with no extra hop and the client's address kept")
					: new Choice(PROXY, "cluster.port-sharing=auto on " + osName
							+ ": SO_REUSEPORT does not balance there, so the supervisor proxies");
			case REUSEPORT -> new Choice(REUSEPORT, "cluster.port-sharing=reuseport"
					+ (linux ? "" : " (on " + osName + " the kernel may not balance it)"));
			case PROXY -> new Choice(PROXY, "cluster.port-sharing=proxy");
		};
	}

	/**
	 * A resolved mechanism and why it was chosen, for the start-up log line.
	 * @param mechanism the concrete mechanism
	 * @param reason why it runs
	 */
	public record Choice(PortSharing mechanism, String reason) {
	}

}
