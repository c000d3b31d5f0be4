package dev.clusterboot.server.tomcat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.apache.tomcat.util.net.NioEndpoint;

import dev.clusterboot.worker.ConnectionLimit;

/**
 * Tomcat's NIO endpoint with a listening socket that the cluster provides, for the two
 * mechanisms Tomcat has no setting for: binding with SO_REUSEPORT, and accepting from the
 * supervisor's shared socket. It stores the channel where {@link NioEndpoint} keeps its
 * own.
 */
final class PresetSocketEndpoint extends NioEndpoint {

	private static final Field SERVER_SOCK = serverSockField();

	/**
	 * Set while a socket is handed to the pollers from {@link #destroySocket}, against
	 * re-entry.
	 */
	private static final ThreadLocal<Boolean> RESCUING = ThreadLocal.withInitial(() -> false);

	private final Opener opener;

	private volatile boolean closedToWakeAcceptor;

	private volatile ConnectionLimit connectionLimit = ConnectionLimit.none();

	private final Object connectionsChanged = new Object();

	PresetSocketEndpoint(Opener opener) {
		this.opener = opener;
	}

	/**
	 * Hold at most as many connections as the limit allows, besides Tomcat's own
	 * {@code maxConnections}.
	 */
	void limitConnections(ConnectionLimit limit) {
		this.connectionLimit = limit;
		limit.onChange(this::connectionsChanged);
	}

	/**
	 * The acceptor waits here, before {@code accept()}, while the worker holds as many
	 * connections as its slow start allows: the connections it leaves in the shared queue
	 * go to the other workers. A pause or stop lets it go on, as Tomcat's own limit does.
	 */
	@Override
	protected void countUpOrAwaitConnection() throws InterruptedException {
		ConnectionLimit limit = this.connectionLimit;
		if (limit.max() == ConnectionLimit.NONE) {
			super.countUpOrAwaitConnection();
			return;
		}
		synchronized (this.connectionsChanged) {
			while (!limit.admits(getConnectionCount()) && isRunning() && !isPaused()) {
				// Woken when a connection closes or the limit rises; the timeout is a
				// safety net only.
				this.connectionsChanged.wait(100);
			}
		}
		super.countUpOrAwaitConnection();
	}

	@Override
	protected long countDownConnection() {
		long count = super.countDownConnection();
		if (this.connectionLimit.max() != ConnectionLimit.NONE) {
			connectionsChanged();
		}
		return count;
	}

	private void connectionsChanged() {
		synchronized (this.connectionsChanged) {
			this.connectionsChanged.notifyAll();
		}
	}

	@Override
	protected void initServerSocket() throws Exception {
		if (getUseInheritedChannel() || getUnixDomainSocketPath() != null) {
			super.initServerSocket();
			return;
		}
		ServerSocketChannel channel = this.opener.open(this);
		// Tomcat's acceptor expects a blocking channel, as NioEndpoint sets it.
		channel.configureBlocking(true);
		SERVER_SOCK.set(this, channel);
	}

	/**
	 * Wake the acceptor by closing the listening channel, which ends its blocking
	 * {@code accept()}. Tomcat's own way is a connection to its own port, but on a port
	 * that several workers share, another worker may take that connection, leaving this
	 * acceptor to take one more real client and then drop it as the endpoint pauses. A
	 * worker pauses its connector only to leave, so the channel is not needed again.
	 */
	@Override
	protected void unlockAccept() {
		this.closedToWakeAcceptor = true;
		try {
			doCloseServerSocket();
		}
		catch (IOException ex) {
			getLog().debug("Could not close the listening socket to wake the acceptor", ex);
		}
	}

	/**
	 * An acceptor woken by {@link #unlockAccept()} gets an unconnected channel, which it
	 * discards as the endpoint stops, instead of an exception that Tomcat would log as a
	 * failed accept.
	 */
	@Override
	protected SocketChannel serverSocketAccept() throws Exception {
		try {
			return super.serverSocketAccept();
		}
		catch (ClosedChannelException ex) {
			if (this.closedToWakeAcceptor) {
				return SocketChannel.open();
			}
			throw ex;
		}
	}

	/**
	 * Serve, rather than reset, a client that the acceptor took in the instant between
	 * Tomcat stopping it and the listening channel closing
	 * ({@code closeServerSocketGraceful}): Tomcat drops such a socket, and on a shared
	 * port another worker would have served that client. The pollers still run then, and
	 * the drain answers it with {@code Connection: close}. Only while the endpoint runs
	 * and is not paused; a real stop or pause keeps Tomcat's behaviour.
	 */
	@Override
	protected void destroySocket(SocketChannel socket) {
		if (RESCUING.get() || !socket.isConnected() || !isRunning() || isPaused()) {
			super.destroySocket(socket);
			return;
		}
		RESCUING.set(true);
		try {
			// On failure, setSocketOptions destroys the socket itself, through this
			// method.
			setSocketOptions(socket);
		}
		finally {
			RESCUING.remove();
		}
	}

	/**
	 * Opens a channel bound like NioEndpoint binds its own, with SO_REUSEPORT set first.
	 */
	static ServerSocketChannel bindWithReusePort(NioEndpoint endpoint) throws Exception {
		ServerSocketChannel channel = ServerSocketChannel.open();
		channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		endpoint.getSocketProperties().setProperties(channel.socket());
		channel.bind(new InetSocketAddress(endpoint.getAddress(), endpoint.getPortWithOffset()),
				endpoint.getAcceptCount());
		return channel;
	}

	private static Field serverSockField() {
		try {
			Field field = NioEndpoint.class.getDeclaredField("serverSock");
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException(
					"This Tomcat version's NioEndpoint has no 'serverSock' field: use cluster.port-sharing=proxy", ex);
		}
	}

	@FunctionalInterface
	interface Opener {

		ServerSocketChannel open(NioEndpoint endpoint) throws Exception;

	}

}
