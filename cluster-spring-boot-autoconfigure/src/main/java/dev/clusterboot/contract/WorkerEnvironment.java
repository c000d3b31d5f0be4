package dev.clusterboot.contract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the supervisor tells a worker through its process environment: the contract
 * between the two sides. A process with these variables is a worker and never becomes a
 * supervisor.
 *
 * @param instance the worker index, 0 to N-1
 * @param channel the supervisor's channel socket
 * @param secret the cluster's channel secret
 * @param portSharing the mechanism in force (never {@link PortSharing#AUTO})
 * @param port the public port the worker binds (0 under the proxy, and without a web
 * server)
 * @param listenerHandoff where the worker fetches the shared listening socket, under
 * {@link PortSharing#SHARED_SOCKET}; {@code null} otherwise
 * @param managementRelayed whether the supervisor relays {@code management.server.port},
 * so that the worker's management server listens on a free loopback port instead
 * @param slowStart how long the worker takes few connections once ready, while warm
 * workers serve beside it; zero for not at all
 * @param loggerLevels the logger levels set at run time for every worker, by logger name,
 * which the worker starts with
 */
public record WorkerEnvironment(int instance, Path channel, String secret, PortSharing portSharing, int port,
		@Nullable Path listenerHandoff, boolean managementRelayed, Duration slowStart,
		Map<String, String> loggerLevels) {

	/** The worker index, like PM2's NODE_APP_INSTANCE; documented for apps to read. */
	public static final String INSTANCE = "CLUSTER_INSTANCE";

	static final String CHANNEL = "CLUSTER_WORKER_CHANNEL";

	static final String SECRET = "CLUSTER_WORKER_SECRET";

	static final String PORT_SHARING = "CLUSTER_WORKER_PORT_SHARING";

	static final String PORT = "CLUSTER_WORKER_PORT";

	static final String LISTENER_HANDOFF = "CLUSTER_WORKER_LISTENER_HANDOFF";

	static final String MANAGEMENT_RELAYED = "CLUSTER_WORKER_MANAGEMENT_RELAYED";

	static final String SLOW_START = "CLUSTER_WORKER_SLOW_START_MILLIS";

	static final String LOGGER_LEVELS = "CLUSTER_WORKER_LOGGER_LEVELS";

	public WorkerEnvironment {
		loggerLevels = Collections.unmodifiableMap(new LinkedHashMap<>(loggerLevels));
	}

	/**
	 * The contract without logger levels set at run time.
	 * @param instance the worker index
	 * @param channel the supervisor's channel socket
	 * @param secret the cluster's channel secret
	 * @param portSharing the mechanism in force
	 * @param port the public port the worker binds
	 * @param listenerHandoff where the worker fetches the shared listening socket
	 * @param managementRelayed whether the supervisor relays the management port
	 * @param slowStart how long the worker takes few connections once ready
	 */
	public WorkerEnvironment(int instance, Path channel, String secret, PortSharing portSharing, int port,
			@Nullable Path listenerHandoff, boolean managementRelayed, Duration slowStart) {
		this(instance, channel, secret, portSharing, port, listenerHandoff, managementRelayed, slowStart, Map.of());
	}

	/**
	 * The same contract, with these logger levels.
	 * @param levels the logger levels set at run time, by logger name
	 * @return the contract
	 */
	public WorkerEnvironment withLoggerLevels(Map<String, String> levels) {
		return new WorkerEnvironment(this.instance, this.channel, this.secret, this.portSharing, this.port,
				this.listenerHandoff, this.managementRelayed, this.slowStart, levels);
	}

	/**
	 * Read the contract from a process environment.
	 * @param env the environment variables
	 * @return the worker's settings, or {@code null} when this process is not a worker
	 * @throws IllegalStateException when the variables are present but incomplete
	 */
	public static @Nullable WorkerEnvironment from(Map<String, String> env) {
		String channel = env.get(CHANNEL);
		if (channel == null) {
			return null;
		}
		try {
			String handoff = env.get(LISTENER_HANDOFF);
			String slowStart = env.get(SLOW_START);
			return new WorkerEnvironment(Integer.parseInt(env.get(INSTANCE)), Path.of(channel), env.get(SECRET),
					PortSharing.valueOf(env.get(PORT_SHARING)), Integer.parseInt(env.get(PORT)),
					(handoff != null) ? Path.of(handoff) : null, Boolean.parseBoolean(env.get(MANAGEMENT_RELAYED)),
					(slowStart != null) ? Duration.ofMillis(Math.max(0, Long.parseLong(slowStart))) : Duration.ZERO,
					loggerLevels(env.get(LOGGER_LEVELS)));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("This process was started as a cluster worker, but its environment is "
					+ "incomplete (" + INSTANCE + ", " + CHANNEL + ", " + PORT_SHARING + ", " + PORT + ")", ex);
		}
	}

	/**
	 * Write the contract into a child's environment.
	 * @param env the child's environment variables
	 */
	public void writeTo(Map<String, String> env) {
		env.put(INSTANCE, Integer.toString(this.instance));
		env.put(CHANNEL, this.channel.toString());
		env.put(SECRET, this.secret);
		env.put(PORT_SHARING, this.portSharing.name());
		env.put(PORT, Integer.toString(this.port));
		if (this.listenerHandoff != null) {
			env.put(LISTENER_HANDOFF, this.listenerHandoff.toString());
		}
		env.put(MANAGEMENT_RELAYED, Boolean.toString(this.managementRelayed));
		if (this.slowStart.compareTo(Duration.ZERO) > 0) {
			env.put(SLOW_START, Long.toString(this.slowStart.toMillis()));
		}
		if (!this.loggerLevels.isEmpty()) {
			StringBuilder levels = new StringBuilder();
			this.loggerLevels.forEach((name,
					level) -> levels.append((levels.length() > 0) ? "," : "").append(name).append('=').append(level));
			env.put(LOGGER_LEVELS, levels.toString());
		}
	}

	/** {@code a.b=DEBUG,c=OFF}: names and levels never hold a comma or an equals sign. */
	private static Map<String, String> loggerLevels(@Nullable String value) {
		Map<String, String> levels = new LinkedHashMap<>();
		if (value != null && !value.isEmpty()) {
			for (String entry : value.split(",")) {
				int equals = entry.indexOf('=');
				levels.put(entry.substring(0, equals), entry.substring(equals + 1));
			}
		}
		return levels;
	}

	@Override
	public String toString() {
		// Never print the secret.
		return "WorkerEnvironment[instance=" + this.instance + ", portSharing=" + this.portSharing + ", port="
				+ this.port + "]";
	}

}
