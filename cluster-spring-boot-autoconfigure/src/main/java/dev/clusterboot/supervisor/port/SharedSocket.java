package dev.clusterboot.supervisor.port;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.ListenerHandoff;

/**
 * One listening socket, bound once by the supervisor and shared by every worker: the
 * workers accept from one queue. A worker that stops closes only its own descriptor; the
 * socket, and the connections waiting in its queue, stay for the others. So stopping a
 * worker resets nothing, whatever {@code net.ipv4.tcp_migrate_req} says, and there is no
 * extra hop.
 *
 * <p>
 * The JVM cannot pass a descriptor to a child it starts, so each worker fetches it
 * ({@link ListenerHandoff}): it asks on a Unix domain socket in the cluster's private
 * directory, presenting its secret, and the supervisor sends the descriptor to the
 * worker's own socket there (SCM_RIGHTS, with Netty's native {@link Socket}). One daemon
 * thread serves the requests, one at a time: a worker asks once per server it starts.
 */
final class SharedSocket implements SharedPort {

	private static final Log logger = LogFactory.getLog(SharedSocket.class);

	private static final int BACKLOG = 1024;

	/**
	 * Ports besides {@code server.port}'s that workers may have shared: the gRPC and the
	 * RSocket server need one each; a bound keeps a worker from holding ports at will.
	 */
	private static final int MAX_OTHER_PORTS = 8;

	/** How long a peer may take to send its request line. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	/** {@code server.port}'s socket; {@code null} for an app without a web server. */
	private final @Nullable Socket listener;

	private final ServerSocketChannel handoff;

	private final Path handoffPath;

	private final Path privateDirectory;

	private final Predicate<String> admitted;

	/**
	 * The sockets of the other servers, bound when a worker first asks: only the handoff
	 * thread adds to it.
	 */
	private final Map<String, Socket> others = new ConcurrentHashMap<>();

	private SharedSocket(@Nullable Socket listener, ServerSocketChannel handoff, Path handoffPath,
			Path privateDirectory, Predicate<String> admitted) {
		this.listener = listener;
		this.handoff = handoff;
		this.handoffPath = handoffPath;
		this.privateDirectory = privateDirectory;
		this.admitted = admitted;
	}

	static SharedSocket open(@Nullable String host, int port, Path privateDirectory, Predicate<String> admitted)
			throws IOException {
		// Loads Netty's native library, which its Socket calls into.
		Epoll.ensureAvailability();
		return share(listen(host, port), privateDirectory, admitted);
	}

	private static Socket listen(@Nullable String host, int port) throws IOException {
		Socket listener = Socket.newSocketStream();
		try {
			listener.setReuseAddress(true);
			listener.bind(SharedPort.bindAddress(host, port));
			listener.listen(BACKLOG);
			return listener;
		}
		catch (IOException ex) {
			listener.close();
			throw new IOException("Cannot listen on port " + port + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Share a listening socket that the supervisor inherited, from systemd's socket
	 * activation: it stays open in systemd while the supervisor restarts, and connections
	 * wait in its queue meanwhile.
	 * @param descriptor the inherited descriptor, listening already
	 * @param privateDirectory where workers fetch it
	 * @param admitted whether a worker's secret admits it
	 * @return the shared socket
	 * @throws IOException when the descriptor is not a listening TCP socket
	 */
	static SharedSocket adopt(int descriptor, Path privateDirectory, Predicate<String> admitted) throws IOException {
		// Loads Netty's native library, which its Socket calls into.
		Epoll.ensureAvailability();
		Socket listener = new Socket(descriptor);
		@Nullable InetSocketAddress address;
		try {
			address = listener.localAddress();
		}
		catch (RuntimeException ex) {
			address = null;
		}
		if (address == null || address.getPort() == 0) {
			throw new IOException("Descriptor " + descriptor + " from systemd is not a TCP socket bound to a port");
		}
		return share(listener, privateDirectory, admitted);
	}

	/**
	 * Share only the ports the workers' other servers ask for (a gRPC server's), for an
	 * app without a web server.
	 * @param privateDirectory where workers fetch them
	 * @param admitted whether a worker's secret admits it
	 * @return the handoff, with no socket of {@code server.port}
	 * @throws IOException when the handoff socket cannot be opened
	 */
	static SharedSocket othersOnly(Path privateDirectory, Predicate<String> admitted) throws IOException {
		// Loads Netty's native library, which its Socket calls into.
		Epoll.ensureAvailability();
		return share(null, privateDirectory, admitted);
	}

	private static SharedSocket share(@Nullable Socket listener, Path privateDirectory, Predicate<String> admitted)
			throws IOException {
		Path handoffPath = privateDirectory.resolve(ListenerHandoff.SOCKET_NAME);
		ServerSocketChannel handoff = null;
		try {
			handoff = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			handoff.bind(UnixDomainSocketAddress.of(handoffPath));
		}
		catch (IOException ex) {
			if (handoff != null) {
				handoff.close();
			}
			if (listener != null) {
				listener.close();
			}
			throw new IOException("Cannot open the listener handoff socket: " + ex.getMessage(), ex);
		}
		SharedSocket shared = new SharedSocket(listener, handoff, handoffPath, privateDirectory, admitted);
		Thread thread = new Thread(shared::serve, "cluster-listener-handoff");
		thread.setDaemon(true);
		thread.start();
		return shared;
	}

	private void serve() {
		while (this.handoff.isOpen()) {
			SocketChannel peer;
			try {
				peer = this.handoff.accept();
			}
			catch (IOException ex) {
				// Closed by close(), or broken: either way no worker fetches from here
				// again, and a worker that cannot fetch fails its start with the reason.
				if (this.handoff.isOpen()) {
					logger.warn("Listener handoff stopped accepting: " + ex.getMessage());
				}
				return;
			}
			try (peer) {
				handOver(peer);
			}
			catch (IOException ex) {
				logger.warn("Listener handoff failed: " + ex.getMessage());
			}
		}
	}

	private void handOver(SocketChannel peer) throws IOException {
		ListenerHandoff.Request request = ListenerHandoff.Request
			.parse(ListenerHandoff.readLine(peer, REQUEST_TIMEOUT));
		if (!this.admitted.test(request.secret())) {
			logger.warn("Refused the shared listening socket to a peer without a worker's secret");
			peer.configureBlocking(true);
			ListenerHandoff.writeLine(peer, "refused: not a worker's secret");
			return;
		}
		peer.configureBlocking(true);
		if (!ListenerHandoff.isInbox(request.inbox(), this.privateDirectory)) {
			ListenerHandoff.writeLine(peer, "not an inbox in the cluster's private directory");
			return;
		}
		Socket listener;
		try {
			listener = listenerFor(request);
		}
		catch (IOException ex) {
			ListenerHandoff.writeLine(peer, ex.getMessage());
			return;
		}
		ListenerHandoff.writeLine(peer, send(listener, request.inbox().toAbsolutePath().normalize()));
	}

	/**
	 * The socket a request asks for: {@code server.port}'s, or another server's, bound
	 * now if no worker asked for it before.
	 */
	private Socket listenerFor(ListenerHandoff.Request request) throws IOException {
		Integer port = request.port();
		Socket main = this.listener;
		if (port == null || (main != null && port == port() && request.host() == null)) {
			if (main == null) {
				throw new IOException("the app has no web server: the cluster shares no server.port");
			}
			return main;
		}
		String key = request.host() + ":" + port;
		Socket other = this.others.get(key);
		if (other != null) {
			return other;
		}
		if (this.others.size() >= MAX_OTHER_PORTS) {
			throw new IOException("the cluster shares " + MAX_OTHER_PORTS + " other ports already");
		}
		other = listen(request.host(), port);
		this.others.put(key, other);
		logger.info("Sharing port " + ((InetSocketAddress) other.localAddress()).getPort()
				+ " too, as a worker asked: the supervisor listens there for every worker");
		return other;
	}

	/** Send a descriptor to an inbox; non-blocking, as Netty's sockets are. */
	private String send(Socket listener, Path inbox) {
		Socket socket = Socket.newSocketDomain();
		try {
			if (!socket.connect(new DomainSocketAddress(inbox.toFile()))) {
				return "the inbox did not take the connection at once";
			}
			return (socket.sendFd(listener.intValue()) > 0) ? ListenerHandoff.OK
					: "the inbox did not take the descriptor";
		}
		catch (IOException ex) {
			return "cannot send the descriptor: " + ex.getMessage();
		}
		finally {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Sent or not, nothing more goes through it.
			}
		}
	}

	/** {@code server.port}'s port; 0 for an app without a web server. */
	@Override
	public int port() {
		return (this.listener != null) ? ((InetSocketAddress) this.listener.localAddress()).getPort() : 0;
	}

	@Override
	public int workerPort() {
		return port();
	}

	@Override
	public Path listenerHandoff() {
		return this.handoffPath;
	}

	@Override
	public void close() {
		try {
			this.handoff.close();
			Files.deleteIfExists(this.handoffPath);
		}
		catch (IOException ex) {
			logger.debug("Could not close the listener handoff socket: " + ex.getMessage());
		}
		if (this.listener != null) {
			close(this.listener);
		}
		this.others.values().forEach(SharedSocket::close);
	}

	private static void close(Socket listener) {
		try {
			listener.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close a shared listening socket: " + ex.getMessage());
		}
	}

}
