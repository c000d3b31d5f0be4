package dev.clusterboot.channel;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The supervisor's end of the private channel: a Unix domain socket in a directory only
 * the current user can enter, and a random secret that each worker must present in its
 * first line.
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

	private final Path directory;

	private final Path socketPath;

	private final String secret;

	private final ServerSocketChannel server;

	private final Listener listener;

	private final Duration helloTimeout;

	private final int outboxCapacity;

	private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "cluster-channel-timeouts");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean closed;

	private ChannelServer(Path directory, Listener listener, Duration helloTimeout, int outboxCapacity)
			throws IOException {
		this.directory = directory;
		this.helloTimeout = helloTimeout;
		this.outboxCapacity = outboxCapacity;
		this.socketPath = directory.resolve("channel.sock");
		this.secret = newSecret();
		this.listener = listener;
		this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.server.bind(UnixDomainSocketAddress.of(this.socketPath));
		Thread acceptor = new Thread(this::acceptLoop, "cluster-channel-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Open a channel in a new private directory under {@code java.io.tmpdir}.
	 * @param listener receives authenticated messages
	 * @return the running channel
	 * @throws IOException if the directory or socket cannot be created
	 */
	public static ChannelServer open(Listener listener) throws IOException {
		return open(listener, DEFAULT_OUTBOX_CAPACITY);
	}

	/**
	 * Open a channel in a new private directory under {@code java.io.tmpdir}.
	 * @param listener receives authenticated messages
	 * @param outboxCapacity how many messages to a worker may wait to be written
	 * @return the running channel
	 * @throws IOException if the directory or socket cannot be created
	 */
	public static ChannelServer open(Listener listener, int outboxCapacity) throws IOException {
		return open(listener, HELLO_TIMEOUT, outboxCapacity);
	}

	/**
	 * Open a channel in a new private directory under {@code java.io.tmpdir}.
	 * @param listener receives authenticated messages
	 * @param helloTimeout how long a new connection may take to present the secret
	 * @param outboxCapacity how many messages to a worker may wait to be written
	 * @return the running channel
	 * @throws IOException if the directory or socket cannot be created
	 */
	static ChannelServer open(Listener listener, Duration helloTimeout, int outboxCapacity) throws IOException {
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		Path directory = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? Files.createTempDirectory(tmp, "cluster-",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
				: Files.createTempDirectory(tmp, "cluster-");
		return new ChannelServer(directory, listener, helloTimeout, outboxCapacity);
	}

	/** Where workers connect. */
	public Path socketPath() {
		return this.socketPath;
	}

	/** What workers must present; handed to them through their environment. */
	public String secret() {
		return this.secret;
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				SocketChannel socket = this.server.accept();
				Thread reader = new Thread(() -> serve(new MessageStream(socket, false)), "cluster-channel-reader");
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

	private void serve(MessageStream stream) {
		Connection connection;
		// A peer that connects and says nothing must not hold this thread for ever.
		ScheduledFuture<?> helloTimeout = this.timeouts.schedule(stream::close, this.helloTimeout.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			ChannelMessage.Hello hello = stream.read(ChannelMessage.Hello.class);
			helloTimeout.cancel(false);
			if (!isSecret(hello.secret())) {
				logger.warn("Rejected a cluster channel connection: its first message is not a valid hello with the "
						+ "cluster's secret");
				stream.close();
				return;
			}
			stream.trust();
			connection = new Connection(stream, hello.instance(), hello.pid(), this.outboxCapacity);
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
				this.listener.received(connection, stream.read(ChannelMessage.ToSupervisor.class));
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

	private boolean isSecret(String candidate) {
		return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
				this.secret.getBytes(StandardCharsets.UTF_8));
	}

	private static String newSecret() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
		try {
			Files.deleteIfExists(this.socketPath);
			Files.deleteIfExists(this.directory);
		}
		catch (IOException ex) {
			logger.debug("Could not remove " + this.directory + ": " + ex.getMessage());
		}
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

		private final BlockingQueue<ChannelMessage.ToWorker> outbox;

		private volatile boolean closed;

		Connection(MessageStream stream, int instance, long pid, int outboxCapacity) {
			this.stream = stream;
			this.instance = instance;
			this.pid = pid;
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

		/**
		 * {@inheritDoc}
		 * <p>
		 * A write failure later is only logged, since the worker's exit is noticed
		 * anyway.
		 */
		@Override
		public boolean send(ChannelMessage.ToWorker message) {
			return !this.closed && this.outbox.offer(message);
		}

		private void writeLoop() {
			try {
				while (!this.closed) {
					ChannelMessage.ToWorker message = this.outbox.poll(1, TimeUnit.SECONDS);
					if (message != null) {
						this.stream.write(message);
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

		void received(ChannelPeer peer, ChannelMessage.ToSupervisor message);

		void disconnected(ChannelPeer peer);

	}

}
