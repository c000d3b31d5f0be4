package dev.clusterboot.contract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How a worker fetches a shared listening socket
 * ({@code cluster.port-sharing=shared-socket}). The worker binds a Unix domain socket of
 * its own, its inbox, in the cluster's private directory, and asks on the supervisor's
 * handoff socket in one line: its secret, the port it wants when it is not
 * {@code server.port}'s (a gRPC server's, say: the supervisor binds it when a worker
 * first asks, as Node's primary does when a worker first listens), and the inbox's path.
 * The supervisor connects to the inbox, sends the descriptor there (SCM_RIGHTS), and then
 * answers {@value #OK} on the request's connection, or a reason.
 *
 * <p>
 * The supervisor connects rather than accepts so that it needs no event loop: the JDK
 * cannot send a descriptor; Netty's native {@code Socket} can, and connecting and sending
 * with it take one call each, where accepting with it would take Netty's epoll loop, its
 * thread and a few hundred classes in the supervisor for the lifetime of the cluster.
 */
public final class ListenerHandoff {

	/** The supervisor's handoff socket, in the cluster's private directory. */
	public static final String SOCKET_NAME = "listener.sock";

	/** The answer once the descriptor is in the inbox. */
	public static final String OK = "ok";

	private static final String INBOX_PREFIX = "listener-";

	private static final String INBOX_SUFFIX = ".sock";

	/** A secret is 43 characters; a path in the private directory fits in 108 bytes. */
	private static final int MAX_LINE = 512;

	private ListenerHandoff() {
	}

	/**
	 * Where a worker's inbox is: beside the handoff socket, named by its process and a
	 * count, so that two servers in one JVM do not share one.
	 * @param handoffSocket the supervisor's handoff socket
	 * @param pid the worker's process id
	 * @param count how many the worker made before
	 * @return the inbox's path
	 */
	public static Path inbox(Path handoffSocket, long pid, int count) {
		return handoffSocket.resolveSibling(INBOX_PREFIX + pid + "-" + count + INBOX_SUFFIX);
	}

	/**
	 * Whether a path names an inbox in the given directory, so that the supervisor
	 * connects nowhere else, whatever a request says.
	 * @param path the path a request names
	 * @param privateDirectory the cluster's private directory
	 * @return whether it is an inbox there
	 */
	public static boolean isInbox(Path path, Path privateDirectory) {
		// Normalized, so that "..", or a relative java.io.tmpdir, cannot lead elsewhere.
		Path inbox = path.toAbsolutePath().normalize();
		Path name = inbox.getFileName();
		return privateDirectory.toAbsolutePath().normalize().equals(inbox.getParent()) && name != null
				&& name.toString().matches(INBOX_PREFIX + "[0-9]+-[0-9]+" + "\\" + INBOX_SUFFIX);
	}

	/**
	 * A worker's request: its secret, the socket it wants, and its inbox.
	 *
	 * @param secret the secret the worker JVM was issued
	 * @param port the port of the socket it wants, {@code null} for {@code server.port}'s
	 * @param host the address that socket is bound to, {@code null} for every address
	 * @param inbox where the descriptor is to be sent
	 */
	public record Request(String secret, @Nullable Integer port, @Nullable String host, Path inbox) {

		private static final String PORT = "port=";

		private static final String HOST = "host=";

		/** A request for {@code server.port}'s socket, the line a 0.1.0 worker sends. */
		public Request(String secret, Path inbox) {
			this(secret, null, null, inbox);
		}

		/**
		 * Read a request line: {@code secret [port=N [host=H]] path}, the path last,
		 * since it may hold spaces.
		 * @param line the line, without its end
		 * @return the request
		 * @throws IOException when the line is not a request
		 */
		public static Request parse(String line) throws IOException {
			int space = line.indexOf(' ');
			if (space <= 0 || space == line.length() - 1) {
				throw new IOException("Not a listener request: expected a secret and a path");
			}
			String secret = line.substring(0, space);
			String rest = line.substring(space + 1);
			Integer port = null;
			String host = null;
			if (rest.startsWith(PORT)) {
				String[] token = token(rest);
				port = port(token[0].substring(PORT.length()));
				rest = token[1];
				if (rest.startsWith(HOST)) {
					token = token(rest);
					host = token[0].substring(HOST.length());
					rest = token[1];
				}
			}
			try {
				return new Request(secret, port, host, Path.of(rest));
			}
			catch (RuntimeException ex) {
				throw new IOException("Not a listener request: the path is not valid", ex);
			}
		}

		/** The first token, and what follows it. */
		private static String[] token(String text) throws IOException {
			int end = text.indexOf(' ');
			if (end <= 0 || end == text.length() - 1) {
				throw new IOException("Not a listener request: no path after " + Untrusted.forLog(text));
			}
			return new String[] { text.substring(0, end), text.substring(end + 1) };
		}

		private static int port(String text) throws IOException {
			try {
				int port = Integer.parseInt(text);
				if (port < 0 || port > 65535) {
					throw new IOException("Not a listener request: port " + port + " is out of range");
				}
				return port;
			}
			catch (NumberFormatException ex) {
				throw new IOException("Not a listener request: " + Untrusted.forLog(text) + " is not a port");
			}
		}

		/** This request as one line. */
		public String line() {
			StringBuilder line = new StringBuilder(this.secret).append(' ');
			if (this.port != null) {
				line.append(PORT).append(this.port).append(' ');
				if (this.host != null) {
					line.append(HOST).append(this.host).append(' ');
				}
			}
			return line.append(this.inbox).toString();
		}

	}

	/**
	 * Write one line.
	 * @param channel a blocking channel
	 * @param line the line, without its end
	 * @throws IOException when it cannot be written
	 */
	public static void writeLine(SocketChannel channel, String line) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/**
	 * Read one line, waiting at most {@code timeout}: a peer that sends nothing, or
	 * endless bytes, does not hold the reader. Leaves the channel non-blocking.
	 * @param channel the channel
	 * @param timeout how long the line may take
	 * @return the line, without its end
	 * @throws IOException when no whole line came in time, or the peer closed first
	 */
	public static String readLine(SocketChannel channel, Duration timeout) throws IOException {
		channel.configureBlocking(false);
		ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Selector selector = Selector.open()) {
			channel.register(selector, SelectionKey.OP_READ);
			while (true) {
				for (int i = 0; i < buffer.position(); i++) {
					if (buffer.get(i) == '\n') {
						return new String(buffer.array(), 0, i, StandardCharsets.UTF_8);
					}
				}
				if (!buffer.hasRemaining()) {
					throw new IOException("Line longer than " + MAX_LINE + " bytes");
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IOException("No line within " + timeout.toMillis() + " ms");
				}
				selector.select(Math.max(1, left / 1_000_000));
				selector.selectedKeys().clear();
				if (channel.read(buffer) < 0) {
					throw new IOException("The peer closed before a whole line");
				}
			}
		}
	}

}
