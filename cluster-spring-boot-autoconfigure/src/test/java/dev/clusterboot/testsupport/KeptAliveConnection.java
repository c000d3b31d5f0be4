package dev.clusterboot.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 connection to a server on loopback, kept open across requests, that says
 * how each response was framed: what a test of a server's drain needs to see.
 */
public final class KeptAliveConnection implements Closeable {

	private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length: *(\\d+)");

	private static final Pattern CHUNKED = Pattern.compile("\r\ntransfer-encoding:[^\r]*chunked");

	private static final Pattern CONNECTION_CLOSE = Pattern.compile("\r\nconnection:[^\r]*close");

	private final Socket socket;

	private final InputStream in;

	private KeptAliveConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
	}

	/**
	 * Open a connection.
	 * @param port the server's port on 127.0.0.1
	 * @return the connection
	 * @throws IOException when it cannot be opened
	 */
	public static KeptAliveConnection open(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
		socket.setSoTimeout(10000);
		return new KeptAliveConnection(socket);
	}

	/**
	 * Send a GET and read its response.
	 * @param path the path
	 * @param headers more header lines, such as {@code Upgrade: websocket}
	 * @return the response
	 * @throws IOException when the connection ends before the whole response
	 */
	public Response get(String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		this.socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		this.socket.getOutputStream().flush();
		return read();
	}

	private Response read() throws IOException {
		StringBuilder head = new StringBuilder();
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			head.append(line).append("\r\n");
		}
		String lower = head.toString().toLowerCase(Locale.ROOT);
		int status = Integer.parseInt(lower.substring(9, 12));
		Matcher length = CONTENT_LENGTH.matcher(lower);
		if (length.find()) {
			return new Response(status, lower,
					new String(this.in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8),
					Framing.LENGTH);
		}
		if (!CHUNKED.matcher(lower).find()) {
			return new Response(status, lower, new String(this.in.readAllBytes(), StandardCharsets.UTF_8),
					Framing.CLOSE);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = Integer.parseInt(readLine().split(";")[0], 16); size > 0; size = Integer
			.parseInt(readLine().split(";")[0], 16)) {
			body.write(this.in.readNBytes(size));
			readLine();
		}
		readLine();
		return new Response(status, lower, body.toString(StandardCharsets.UTF_8), Framing.CHUNKED);
	}

	/**
	 * Whether the server closed the connection: a read sees its end within the timeout.
	 * @param timeoutMillis how long to wait for it
	 * @return whether it is closed
	 * @throws IOException when the read fails otherwise
	 */
	public boolean closedByServer(int timeoutMillis) throws IOException {
		this.socket.setSoTimeout(timeoutMillis);
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		finally {
			this.socket.setSoTimeout(10000);
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int next = this.in.read(); next != '\n'; next = this.in.read()) {
			if (next < 0) {
				throw new IOException("The connection ended within a response");
			}
			line.write(next);
		}
		return line.toString(StandardCharsets.ISO_8859_1).trim();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/** How a response's body ends. */
	public enum Framing {

		/** After Content-Length bytes. */
		LENGTH,

		/** With the last chunk. */
		CHUNKED,

		/**
		 * With the connection: a client cannot tell that from a body cut short.
		 */
		CLOSE

	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param lowerCaseHeaders the status line and headers, in lower case
	 * @param body the body
	 * @param framing how the body ended
	 */
	public record Response(int status, String lowerCaseHeaders, String body, Framing framing) {

		/** Whether it says {@code Connection: close}. */
		public boolean saysClose() {
			return CONNECTION_CLOSE.matcher(this.lowerCaseHeaders).find();
		}

	}

}
