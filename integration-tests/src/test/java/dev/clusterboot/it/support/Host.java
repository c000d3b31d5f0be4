package dev.clusterboot.it.support;

import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the tests may expect of the host they run on: Linux has every port-sharing
 * mechanism and picks the shared socket; elsewhere only the proxy runs.
 */
public final class Host {

	/** Whether the tests run on Linux. */
	public static final boolean LINUX = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");

	private Host() {
	}

	/** What {@code cluster.port-sharing=auto} picks here. */
	public static String defaultPortSharing() {
		return LINUX ? "shared-socket" : "proxy";
	}

	/** The mechanisms that work here. */
	public static Stream<String> portSharingMechanisms() {
		return LINUX ? Stream.of("shared-socket", "reuseport", "proxy") : Stream.of("proxy");
	}

}
