package dev.clusterboot.channel;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The supervisor's end of the private channel: a Unix domain socket in a directory only
 * the current user can enter, connections from processes of the same user only, and the
 * secret that each worker JVM was issued ({@link Tickets}) in its first line.
 *
 * <p>
 * Each connection is served by its own daemon thread (a cluster has few workers);
 * messages are handed to the {@link Listener}, which must not block. A malformed or
 * unauthenticated peer is logged and disconnected; it never reaches the listener.
 */
public final class ChannelServer implements Closeable {

	private static final Log logger = LogFactory.getLog(ChannelServer.class);

	private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

	private static final int DEFAULT_OUTBOX_CAPACITY = 1024;

	private static final int DEFAULT_MAX_CONNECTIONS = 64;

	private final Path directory;

	private final Path socketPath;

	private final Tickets tickets = new Tickets();

	private final ServerSocketChannel server;

	private final Listener listener;

	private final Duration helloTimeout;

	private final int outboxCapacity;

	private final int maxConnections;

	private final AtomicInteger connections = new AtomicInteger();

	private volatile long lastRefusalLogged = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

	private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "cluster-channel-timeouts");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean closed;

	private ChannelServer(Path directory, Listener listener, Duration helloTimeout, int outboxCapacity,
			int maxConnections) throws IOException {
		this.directory = directory;
		this.helloTimeout = helloTimeout;
		this.outboxCapacity = outboxCapacity;
		this.maxConnections = maxConnections;
		this.socketPath = directory.resolve("channel.sock");
		this.listener = listener;
		this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.server.bind(UnixDomainSocketAddress.of(this.socketPath));
		Thread acceptor = new Thread(this::acceptLoop, "cluster-channel-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Open a channel in a new private directory.
	 * @param listener receives authenticated messages
	 * @return the running channel
	 * @throws IOException if the directory or socket cannot be created
	 */
	public static ChannelServer open(Listener listener) throws IOException {
		return open(listener, DEFAULT_OUTBOX_CAPACITY, DEFAULT_MAX_CONNECTIONS);
	}

	/**
	 * Open a channel in a new private directory, under {@code $XDG_RUNTIME_DIR} where the
	 * user has one, else under {@code java.io.tmpdir}.
	 * @param listener receives authenticated messages
	 * @param outboxCapacity how many messages to a worker may wait to be written
	 * @param maxConnections how many connections may be open at once
	 * @return the running channel
	 * @throws IOException if the directory or socket cannot be created
	 */
	public static ChannelServer open(Listener listener, int outboxCapacity, int maxConnections) throws IOException {
		return open(listener, HELLO_TIMEOUT, outboxCapacity, maxConnections);
	}

	/**
	 * Open a channel in a new private directory under {@code java.io.tmpdir}.
	 * @param listener receives authenticated messages
	 * @param helloTimeout how long a new connection may take to present the secret
	 * @param outboxCapacity how many messages to a worker may wait to be written
	 * @param maxConnections how many connections may be open at once
	 * @return the running channel
	 * @throws IOException if the directory or socket cannot be created
	 */
	static ChannelServer open(Listener listener, Duration helloTimeout, int outboxCapacity, int maxConnections)
			throws IOException {
		Path base = PrivateFiles.base();
		ChannelDirectories.removeLeftovers(base);
		Path directory = ChannelDirectories.create(base);
		try {
			return new ChannelServer(directory, listener, helloTimeout, outboxCapacity, maxConnections);
		}
		catch (IOException | RuntimeException ex) {
			ChannelDirectories.delete(directory);
			throw ex;
		}
	}

	/** Where workers connect. */
	public Path socketPath() {
		return this.socketPath;
	}

	/** The secrets that admit workers, one issued to each worker JVM. */
	public Tickets tickets() {
		return this.tickets;
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				SocketChannel socket = this.server.accept();
				if (!admit(socket)) {
					continue;
				}
				Thread reader = new Thread(() -> {
					try {
						serve(new MessageStream(socket, false));
					}
					finally {
						this.connections.decrementAndGet();
					}
				}, "cluster-channel-reader");
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("Cluster channel stopped accepting: " + ex.getMessage());
				}
				return;
			}
		}
	}

	/**
	 * A connection gets a thread of its own only while fewer than the maximum are open,
	 * and only from a process of this user.
	 */
	private boolean admit(SocketChannel socket) {
		String refused = null;
		if (this.connections.incrementAndGet() > this.maxConnections) {
			refused = "more than " + this.maxConnections + " are open";
		}
		else {
			try {
				PrivateFiles.checkSameUser(socket);
			}
			catch (IOException ex) {
				refused = ex.getMessage();
			}
		}
		if (refused == null) {
			return true;
		}
		this.connections.decrementAndGet();
		long now = System.nanoTime();
		if (now - this.lastRefusalLogged > TimeUnit.MINUTES.toNanos(1)) {
			// At most once a minute: a flood of connections must not flood the log too.
			this.lastRefusalLogged = now;
			logger.warn("Refused a cluster channel connection: " + refused);
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Refused either way.
		}
		return false;
	}

	private void serve(MessageStream stream) {
		Connection connection;
		// A peer that connects and says nothing must not hold this thread for ever.
		ScheduledFuture<?> helloTimeout = this.timeouts.schedule(stream::close, this.helloTimeout.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			ChannelMessage.Hello hello = stream.read(ChannelMessage.Hello.class);
			helloTimeout.cancel(false);
			if (!this.tickets.admits(hello.secret(), hello.instance())) {
				logger.warn("Rejected a cluster channel connection: its first message is not a valid hello with the "
						+ "secret issued to worker " + hello.instance());
				stream.close();
				return;
			}
			stream.trust();
			connection = new Connection(stream, hello.instance(), hello.pid(), hello.secret(), this.outboxCapacity);
		}
		catch (IOException ex) {
			helloTimeout.cancel(false);
			logger
				.warn("Rejected a cluster channel connection: " + (helloTimeout.isDone() && !helloTimeout.isCancelled()
						? "no hello within " + this.helloTimeout.toMillis() + " ms" : ex.getMessage()));
			stream.close();
			return;
		}
		this.listener.connected(connection);
		try {
			while (true) {
				this.listener.received(connection, stream.read(ToSupervisor.class));
			}
		}
		catch (EOFException ex) {
			// The worker closed its end, usually because it exited.
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.warn("Dropped the cluster channel of worker " + connection.instance() + ": " + ex.getMessage());
			}
		}
		finally {
			stream.close();
			this.listener.disconnected(connection);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.timeouts.shutdownNow();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Nothing more to do: the files are removed below.
		}
		ChannelDirectories.delete(this.directory);
	}

	/**
	 * An authenticated worker connection. Messages to the worker go through a bounded
	 * outbox that a thread of its own writes: a worker that stops reading (hung, or
	 * stopped) fills its outbox, and further messages to it are refused, while the
	 * supervisor and the other workers go on.
	 */
	public static final class Connection implements ChannelPeer {

		private final MessageStream stream;

		private final int instance;

		private final long pid;

		private final String secret;

		private final BlockingQueue<ToWorker> outbox;

		private volatile boolean closed;

		Connection(MessageStream stream, int instance, long pid, String secret, int outboxCapacity) {
			this.stream = stream;
			this.instance = instance;
			this.pid = pid;
			this.secret = secret;
			this.outbox = new ArrayBlockingQueue<>(outboxCapacity);
			Thread writer = new Thread(this::writeLoop, "cluster-channel-writer-" + instance);
			writer.setDaemon(true);
			writer.start();
		}

		@Override
		public int instance() {
			return this.instance;
		}

		@Override
		public long pid() {
			return this.pid;
		}

		@Override
		public String secret() {
			return this.secret;
		}

		/**
		 * {@inheritDoc}
		 * <p>
		 * A write failure later is only logged, since the worker's exit is noticed
		 * anyway.
		 */
		@Override
		public boolean send(ToWorker message) {
			return !this.closed && this.outbox.offer(message);
		}

		private void writeLoop() {
			try {
				while (!this.closed) {
					ToWorker message = this.outbox.poll(1, TimeUnit.SECONDS);
					if (message != null) {
						writeOne(message);
					}
				}
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.debug("Could not write to worker " + this.instance + ": " + ex.getMessage());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** A message too long for the channel is dropped, not the connection. */
		private void writeOne(ToWorker message) throws IOException {
			try {
				this.stream.write(message);
			}
			catch (MessageStream.MessageTooLongException ex) {
				logger.warn("Did not send a " + message.getClass().getSimpleName() + " to worker " + this.instance
						+ ": " + ex.getMessage());
			}
		}

		@Override
		public void close() {
			this.closed = true;
			this.stream.close();
		}

	}

	/**
	 * Receives what authenticated workers say. Called on channel threads: hand over, do
	 * not block.
	 */
	public interface Listener {

		void connected(ChannelPeer peer);

		void received(ChannelPeer peer, ToSupervisor message);

		void disconnected(ChannelPeer peer);

	}

}
