package dev.clusterboot.it.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a number of connections to 127.0.0.1 busy with {@code GET /hello}, or another
 * path, and counts what fails, as wrk does: no retry, so a connection reset, a connection
 * closed without a response or within one, a non-200 status, or a body that only the
 * connection's end delimits (a client cannot tell it from a body cut short, and wrk
 * counts it as a read error) is a failed request.
 *
 * <p>
 * Each connection pauses between requests (see {@code PACE_NANOS}), so that the load,
 * steady on every connection, leaves the two cores of a CI machine enough CPU to start
 * replacement JVMs in seconds rather than tens of seconds. It is pacing, not waiting for
 * a condition.
 *
 */
public final class LoadClient extends Load {

	/** How requests use connections. */
	public enum Mode {

		/**
		 * Requests one after another on a connection, reconnecting only when told to
		 * close.
		 */
		KEEP_ALIVE,

		/** One connection per request ({@code Connection: close}). */
		NEW_CONNECTION

	}

	/** The pause between two requests on one connection: about 50 requests/s each. */
	static final long PACE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

	private final int port;

	private final Mode mode;

	private LoadClient(int port, Mode mode) {
		this.port = port;
		this.mode = mode;
	}

	public static LoadClient start(int port, int connections, Mode mode) {
		return start(port, connections, mode, "/hello");
	}

	/**
	 * Start the load.
	 * @param port the cluster's port
	 * @param connections how many connections at once
	 * @param mode how requests use connections
	 * @param paths what is asked for: connection {@code i} asks for path
	 * {@code i % paths.length}
	 * @return the running load
	 */
	public static LoadClient start(int port, int connections, Mode mode, String... paths) {
		LoadClient client = new LoadClient(port, mode);
		for (int i = 0; i < connections; i++) {
			String path = paths[i % paths.length];
			client.start(() -> client.run(path), "load-" + i);
		}
		return client;
	}

	private void run(String path) {
		Connection socket = null;
		while (isRunning()) {
			try {
				if (socket == null) {
					socket = connect();
				}
				boolean keepOpen = exchange(socket, path);
				recordSuccess();
				if (!keepOpen) {
					socket.close();
					socket = null;
				}
				java.util.concurrent.locks.LockSupport.parkNanos(PACE_NANOS);
			}
			catch (IOException | RuntimeException ex) {
				recordFailure(ex.toString());
				closeQuietly(socket);
				socket = null;
			}
		}
		closeQuietly(socket);
	}

	private Connection connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
		socket.setSoTimeout(10000);
		socket.setTcpNoDelay(true);
		return new Connection(socket, new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
	}

	/** One request and its response; whether the connection may be used again. */
	private boolean exchange(Connection connection, String path) throws IOException {
		OutputStream out = connection.out();
		String close = (this.mode == Mode.NEW_CONNECTION) ? "Connection: close\r\n" : "";
		out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + close + "\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		Http.Received response = Http.read(connection.in());
		if (response.status() != 200) {
			throw new IOException("status " + response.status());
		}
		if (response.delimitedByClose()) {
			throw new IOException("a body that only the connection's end delimits");
		}
		return this.mode != Mode.NEW_CONNECTION && !response.closes();
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				// Already broken.
			}
		}
	}

	/**
	 * A socket and its streams; the buffered input keeps what the next response already
	 * sent.
	 */
	private record Connection(Socket socket, InputStream in, OutputStream out) implements AutoCloseable {

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
