package dev.clusterboot.contract;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A server an app runs through Spring Boot beside its web server, on a port of its own,
 * which the cluster shares the way it shares {@code server.port}: every worker serves it
 * on the one public port, whatever {@code cluster.port-sharing} says.
 */
public enum SharedServer {

	/** Spring Boot's gRPC server on Netty ({@code spring-boot-starter-grpc-server}). */
	GRPC("spring.grpc.server.port", 9090),

	/**
	 * Spring Boot's standalone RSocket server, when {@code spring.rsocket.server.port} is
	 * set.
	 */
	RSOCKET("spring.rsocket.server.port", null);

	private final String portProperty;

	private final @Nullable Integer defaultPort;

	SharedServer(String portProperty, @Nullable Integer defaultPort) {
		this.portProperty = portProperty;
		this.defaultPort = defaultPort;
	}

	/** How the status and the logs name it, such as {@code grpc}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The property of its port, such as {@code spring.grpc.server.port}. */
	public String portProperty() {
		return this.portProperty;
	}

	/** The property of the address it binds. */
	public String addressProperty() {
		return this.portProperty.replace(".port", ".address");
	}

	/** Its port when the property is not set, or {@code null} for none. */
	public @Nullable Integer defaultPort() {
		return this.defaultPort;
	}

	/**
	 * Where a worker behind the proxy finds the public port the app configured, which the
	 * worker's own {@link #portProperty()} no longer holds.
	 */
	public String publicPortProperty() {
		return "cluster.worker.public-port." + label();
	}

	/**
	 * The server of a label.
	 * @param label such as {@code grpc}
	 * @return the server, or {@code null} when no server has that label
	 */
	public static @Nullable SharedServer of(String label) {
		for (SharedServer server : values()) {
			if (server.label().equals(label)) {
				return server;
			}
		}
		return null;
	}

	/**
	 * A port a worker listens on for one of these servers.
	 *
	 * @param label the server's label, such as {@code grpc}
	 * @param port the public port, the one clients connect to
	 * @param listenPort the port the worker listens on: the public port, or, behind the
	 * proxy, a private loopback port
	 */
	public record Listening(String label, int port, int listenPort) {
	}

}
