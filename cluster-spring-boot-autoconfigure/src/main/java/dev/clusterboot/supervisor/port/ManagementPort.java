package dev.clusterboot.supervisor.port;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * {@code management.server.port}, when the app gives Actuator a port of its own. Workers
 * cannot each bind it, and it needs no sharing tricks: the supervisor listens on it and
 * relays each connection to the management server of a ready worker, which listens on a
 * free loopback port. Actuator traffic is light, so the relay's cost does not matter, and
 * it works on every system.
 *
 * @param host {@code management.server.address}, or {@code null} for every address
 * @param port the management port, 0 for any free port
 */
public record ManagementPort(@Nullable String host, int port) {

	/**
	 * Read the management port from the app's configuration.
	 * @param environment the app's configuration
	 * @return the management port, or {@code null} when Actuator shares the app's port,
	 * or is disabled over HTTP ({@code management.server.port=-1})
	 */
	public static @Nullable ManagementPort of(PropertyResolver environment) {
		Integer port = environment.getProperty("management.server.port", Integer.class);
		int serverPort = environment.getProperty("server.port", Integer.class, 8080);
		// Spring Boot's own rule (ManagementPortType): 0 is a port of its own, even
		// beside server.port=0.
		if (port == null || port < 0 || (port != 0 && port == serverPort)) {
			return null;
		}
		return new ManagementPort(environment.getProperty("management.server.address"), port);
	}

	/**
	 * Listen on the management port, relaying to workers as they report ready.
	 * @return the relay, a {@link SharedPort} that routes by worker
	 * @throws java.io.IOException when the port cannot be had
	 */
	public SharedPort openRelay() throws java.io.IOException {
		return SharedPort.relay(this.host, this.port);
	}

}
