package dev.clusterboot.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelServer;
import dev.clusterboot.channel.Tickets;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.contract.WorkerEnvironment;
import dev.clusterboot.supervisor.port.ManagementPort;
import dev.clusterboot.supervisor.port.SharedPort;

/**
 * What the supervisor holds open for the life of the cluster: the private channel, the
 * shared public port (none for an app without a web server) and the relay of Actuator's
 * management port. Opened before the first worker starts and closed after the last has
 * exited; it also decides which workers get new connections, where the mechanism routes
 * them itself.
 */
public class ClusterSockets implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final Path channelSocket;

	private final Tickets tickets;

	private final PortSharing mechanism;

	private final @Nullable SharedPort port;

	private final @Nullable SharedPort management;

	/**
	 * For an app without a web server, under the shared socket: the handoff of its other
	 * servers' ports alone.
	 */
	private final @Nullable SharedPort othersOnly;

	private final AutoCloseable channel;

	/**
	 * The public ports of the app's other servers, as workers report them, by label; read
	 * by the status, written by the loop.
	 */
	private final Map<String, Integer> servers = new ConcurrentHashMap<>();

	/**
	 * Behind the proxy, a relay on each of those ports, opened when a worker first
	 * reports it; only the loop's thread opens them.
	 */
	private final Map<Integer, SharedPort> serverRelays = new ConcurrentHashMap<>();

	private Consumer<ClusterStatus.ServerPort> serverShared = (server) -> {
	};

	ClusterSockets(Path channelSocket, Tickets tickets, PortSharing mechanism, @Nullable SharedPort port,
			@Nullable SharedPort management, AutoCloseable channel) {
		this(channelSocket, tickets, mechanism, port, management, null, channel);
	}

	private ClusterSockets(Path channelSocket, Tickets tickets, PortSharing mechanism, @Nullable SharedPort port,
			@Nullable SharedPort management, @Nullable SharedPort othersOnly, AutoCloseable channel) {
		this.channelSocket = channelSocket;
		this.tickets = tickets;
		this.mechanism = mechanism;
		this.port = port;
		this.management = management;
		this.othersOnly = othersOnly;
		this.channel = channel;
	}

	/**
	 * How a real cluster opens its resources.
	 * @param portSharing the resolved mechanism and why it was chosen
	 * @param web whether the app serves HTTP; without a web server no port is bound
	 * @param host {@code server.address}, or {@code null} for every address
	 * @param port {@code server.port}
	 * @param management {@code management.server.port}, or {@code null} when Actuator
	 * shares the app's port
	 * @param inheritedSocket the listening descriptor systemd passed (socket activation),
	 * shared in place of a socket of its own, or {@code null}
	 * @return the opener, which the supervisor calls with the listener of its channel
	 */
	public static Opener opener(PortSharing.Choice portSharing, boolean web, @Nullable String host, int port,
			@Nullable ManagementPort management, @Nullable Integer inheritedSocket) {
		return (listener, outboxCapacity, maxConnections, instances) -> {
			ChannelServer channel = ChannelServer.open(listener, outboxCapacity, maxConnections);
			SharedPort shared = null;
			SharedPort others = null;
			SharedPort relay = null;
			try {
				if (web) {
					shared = SharedPort.open(portSharing.mechanism(), host, port, inheritedSocket,
							channel.socketPath().getParent(), channel.tickets()::admitsAny);
					logger.info("Starting a cluster of " + instances + " worker(s) on port " + shared.port()
							+ ", port sharing " + portSharing.mechanism().propertyValue() + ": "
							+ portSharing.reason());
				}
				else {
					logger.info("Starting a cluster of " + instances + " worker(s) without a port: the app has no "
							+ "web server");
					if (portSharing.mechanism() == PortSharing.SHARED_SOCKET) {
						// Its gRPC or RSocket server may still ask for a port.
						others = SharedPort.othersOnly(channel.socketPath().getParent(), channel.tickets()::admitsAny);
					}
				}
				if (management != null) {
					relay = management.openRelay();
					logger.info("Actuator's management port " + relay.port()
							+ " is relayed to the management server of each ready worker");
				}
				return new ClusterSockets(channel.socketPath(), channel.tickets(), portSharing.mechanism(), shared,
						relay, others, channel);
			}
			catch (IOException | RuntimeException ex) {
				closeQuietly(shared);
				closeQuietly(others);
				channel.close();
				throw ex;
			}
		};
	}

	/**
	 * What a new worker JVM of this index is told through its environment, a secret of
	 * its own included: {@link #revoke} it once the JVM has exited, or could not start.
	 * @param index the worker index
	 * @param slowStart how long it takes few connections once ready, zero for not at all:
	 * only where workers accept from one shared queue, so that the connections it leaves
	 * wait for the others, not on a socket of its own
	 */
	WorkerEnvironment environmentFor(int index, Duration slowStart) {
		return new WorkerEnvironment(index, this.channelSocket, this.tickets.issue(index), this.mechanism,
				(this.port != null) ? this.port.workerPort() : 0,
				(this.port != null) ? this.port.listenerHandoff()
						: (this.othersOnly != null) ? this.othersOnly.listenerHandoff() : null,
				this.management != null, (this.mechanism == PortSharing.SHARED_SOCKET) ? slowStart : Duration.ZERO);
	}

	/** The JVM this secret was issued to is gone. */
	void revoke(String secret) {
		this.tickets.revoke(secret);
	}

	/** Tell this of each server port the workers share, once, as it is first reported. */
	void onServerShared(Consumer<ClusterStatus.ServerPort> serverShared) {
		this.serverShared = serverShared;
	}

	/** New connections may reach this ready worker, where the supervisor routes them. */
	void route(WorkerProcess process) {
		if (this.port != null) {
			this.port.workerReady(process.pid(), process.port(), process.proxyProtocol());
		}
		Integer managementPort = process.managementPort();
		if (this.management != null && managementPort != null) {
			this.management.workerReady(process.pid(), managementPort, process.managementProxyProtocol());
		}
		for (SharedServer.Listening server : process.servers()) {
			if (this.servers.put(server.label(), server.port()) == null) {
				this.serverShared.accept(new ClusterStatus.ServerPort(server.label(), server.port()));
			}
			if (this.mechanism == PortSharing.PROXY) {
				SharedPort relay = relayFor(server);
				if (relay != null) {
					relay.workerReady(process.pid(), server.listenPort(), false);
				}
			}
		}
	}

	/**
	 * The proxy's relay on another server's public port, opened as a worker first reports
	 * it; a port that cannot be had is logged, and that server stays reachable on no
	 * public port.
	 */
	private @Nullable SharedPort relayFor(SharedServer.Listening server) {
		SharedPort relay = this.serverRelays.get(server.port());
		if (relay == null) {
			try {
				relay = SharedPort.relay(null, server.port());
			}
			catch (IOException ex) {
				logger.error("Cannot relay the " + server.label() + " server's port " + server.port() + ": "
						+ ex.getMessage());
				return null;
			}
			this.serverRelays.put(server.port(), relay);
			logger.info("The " + server.label() + " server's port " + server.port()
					+ " is relayed to the workers too, as they report it");
		}
		return relay;
	}

	/** No new connection may reach this JVM: it drains, or it is gone. */
	void unroute(long pid) {
		if (this.port != null) {
			this.port.workerLeaving(pid);
		}
		if (this.management != null) {
			this.management.workerLeaving(pid);
		}
		this.serverRelays.values().forEach((relay) -> relay.workerLeaving(pid));
	}

	/**
	 * Every public port the workers share: the web server's, the management relay's, the
	 * others'.
	 */
	Set<Integer> sharedPorts() {
		Set<Integer> ports = new HashSet<>(this.servers.values());
		if (this.port != null) {
			ports.add(this.port.port());
		}
		if (this.management != null) {
			ports.add(this.management.port());
		}
		return ports;
	}

	/** The public ports of the app's other servers the workers share, as reported. */
	List<ClusterStatus.ServerPort> servers() {
		return this.servers.entrySet()
			.stream()
			.map((server) -> new ClusterStatus.ServerPort(server.getKey(), server.getValue()))
			.sorted(Comparator.comparing(ClusterStatus.ServerPort::server))
			.toList();
	}

	/**
	 * The mechanism, as {@code cluster.port-sharing} spells it; {@code none} without a
	 * port shared.
	 */
	String portSharing() {
		return (this.port != null || !this.servers.isEmpty()) ? this.mechanism.propertyValue() : "none";
	}

	/** The public port, {@code null} without a web server. */
	@Nullable Integer port() {
		return (this.port != null) ? this.port.port() : null;
	}

	@Override
	public void close() {
		closeQuietly(this.port);
		closeQuietly(this.othersOnly);
		closeQuietly(this.management);
		this.serverRelays.values().forEach(ClusterSockets::closeQuietly);
		try {
			this.channel.close();
		}
		catch (Exception ex) {
			logger.debug("Could not close the channel: " + ex.getMessage());
		}
	}

	private static void closeQuietly(@Nullable SharedPort port) {
		if (port != null) {
			port.close();
		}
	}

	/**
	 * Opens the resources, once the supervisor can listen to its channel.
	 */
	@FunctionalInterface
	public interface Opener {

		/**
		 * Open them.
		 * @param listener receives what workers say on the channel
		 * @param outboxCapacity messages that may wait for each worker
		 * @param maxConnections channel connections that may be open at once
		 * @param instances the number of workers, for the start-up line
		 * @return the open resources
		 * @throws IOException when the channel or a port cannot be opened
		 */
		ClusterSockets open(ChannelServer.Listener listener, int outboxCapacity, int maxConnections, int instances)
				throws IOException;

	}

}
