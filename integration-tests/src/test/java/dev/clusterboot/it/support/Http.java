package dev.clusterboot.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minimal HTTP/1.1 client on loopback that opens a new connection for each request, so
 * that the kernel's SO_REUSEPORT hashing spreads requests over the workers.
 */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length: *(\\d+)");

	private static final Pattern CHUNKED = Pattern.compile("\r\ntransfer-encoding:[^\r]*chunked");

	private static final Pattern CONNECTION_CLOSE = Pattern.compile("\r\nconnection:[^\r]*close");

	private Http() {
	}

	/**
	 * GET a path on 127.0.0.1.
	 * @param port the port
	 * @param path the path
	 * @return the response
	 * @throws IOException when the connection fails or the response is incomplete
	 */
	public static Response get(int port, String path) throws IOException {
		return send(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	}

	/**
	 * GET a path on 127.0.0.1 with an {@code Accept} header.
	 * @param port the port
	 * @param path the path
	 * @param accept the media type to ask for
	 * @return the response
	 * @throws IOException when the connection fails or the response is incomplete
	 */
	public static Response get(int port, String path, String accept) throws IOException {
		return send(port,
				"GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept + "\r\nConnection: close\r\n\r\n");
	}

	/**
	 * POST a JSON body to a path on 127.0.0.1.
	 * @param port the port
	 * @param path the path
	 * @param json the body, or {@code null} for none
	 * @return the response
	 * @throws IOException when the connection fails or the response is incomplete
	 */
	public static Response post(int port, String path, String json) throws IOException {
		String body = (json != null) ? json : "";
		String contentType = (json != null) ? "Content-Type: application/json\r\n" : "";
		return send(port, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + contentType + "Content-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
	}

	/**
	 * Send a request as it is written, for requests no well-behaved client makes.
	 * @param port the port on 127.0.0.1
	 * @param request the whole request, headers and body
	 * @return the response
	 * @throws IOException when the connection fails or the response is incomplete
	 */
	public static Response raw(int port, String request) throws IOException {
		return send(null, port, request);
	}

	/**
	 * GET a path from a given client address, such as 127.0.0.2, with more headers.
	 * @param clientAddress the address the client binds to
	 * @param port the port on 127.0.0.1
	 * @param path the path
	 * @param headers more header lines, such as {@code X-Forwarded-For: 203.0.113.9}
	 * @return the response
	 * @throws IOException when the connection fails or the response is incomplete
	 */
	public static Response getFrom(String clientAddress, int port, String path, String... headers) throws IOException {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return send(clientAddress, port, request.append("Connection: close\r\n\r\n").toString());
	}

	/**
	 * The cluster's status, {@code GET /actuator/cluster}, which must answer 200.
	 * @param port the port the cluster endpoint is on
	 * @return the status
	 * @throws IOException when the connection fails
	 */
	public static JsonNode clusterStatus(int port) throws IOException {
		Response response = get(port, "/actuator/cluster");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	/**
	 * The pid of the JVM serving a worker index, from the cluster's status.
	 * @param port the port the cluster endpoint is on
	 * @param id the worker index
	 * @return the pid
	 * @throws IOException when the connection fails
	 */
	public static long workerPid(int port, int id) throws IOException {
		return clusterStatus(port).get("workers").get(id).get("pid").asLong();
	}

	/**
	 * GET a path again and again on one kept-alive connection, one request at a time,
	 * until the server closes it.
	 * @param port the port on 127.0.0.1
	 * @param path the path
	 * @param atMost how many requests to send at most
	 * @return how many responses came before the server closed the connection; atMost if
	 * it kept it open
	 * @throws IOException when the connection fails or a response is malformed
	 */
	public static int responsesOnOneConnection(int port, String path, int atMost) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout(15000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.UTF_8);
			for (int sent = 1; sent <= atMost; sent++) {
				out.write(request);
				out.flush();
				Received response = read(in);
				if (response.status() != 200) {
					throw new IOException("Response " + sent + " is not 200 but " + response.status());
				}
				if (response.delimitedByClose()) {
					throw new IOException("Response " + sent + " has neither a length nor chunks");
				}
				if (response.closes()) {
					// The server says so, then closes: nothing more comes.
					assertThat(in.read()).as("end of stream after response " + sent).isEqualTo(-1);
					return sent;
				}
			}
			return atMost;
		}
	}

	/**
	 * GET a path on a new connection and leave the connection open, as a client that
	 * keeps it alive does: the server goes on holding it.
	 * @param port the port on 127.0.0.1
	 * @param path the path
	 * @return the open connection and its first response
	 * @throws IOException when the connection fails, or no response comes within 5 s
	 */
	public static KeptAlive keepAlive(int port, String path) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			Received response = read(new BufferedInputStream(socket.getInputStream()));
			return new KeptAlive(socket,
					new Response(response.status(), new String(response.body(), StandardCharsets.UTF_8)));
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * A connection left open after its first response.
	 *
	 * @param socket the connection
	 * @param first its first response
	 */
	public record KeptAlive(Socket socket, Response first) implements java.io.Closeable {

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	/**
	 * Read one response off a connection: its status line and headers, then its body, as
	 * long as its length says, in chunks, or, with neither, up to the end of the
	 * connection.
	 * @param in the connection's input, buffered
	 * @return the response
	 * @throws IOException when the connection ends within the response, or it is not
	 * HTTP/1.1
	 */
	static Received read(InputStream in) throws IOException {
		StringBuilder headers = new StringBuilder();
		for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
			headers.append(line).append("\r\n");
		}
		if (!headers.toString().startsWith("HTTP/1.1 ")) {
			throw new IOException("Not an HTTP/1.1 response: '" + headers + "'");
		}
		int status = Integer.parseInt(headers.substring(9, 12));
		String lower = headers.toString().toLowerCase(Locale.ROOT);
		Matcher length = CONTENT_LENGTH.matcher(lower);
		if (length.find()) {
			return new Received(status, in.readNBytes(Integer.parseInt(length.group(1))), lower, false);
		}
		if (!CHUNKED.matcher(lower).find()) {
			return new Received(status, in.readAllBytes(), lower, true);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
			body.write(in.readNBytes(size));
			readLine(in);
		}
		readLine(in);
		return new Received(status, body.toByteArray(), lower, false);
	}

	private static int chunkSize(InputStream in) throws IOException {
		return Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
	}

	/** A CRLF-terminated line, without its line end. */
	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int next;
		while ((next = in.read()) != '\n') {
			if (next < 0) {
				throw new IOException((line.size() == 0) ? "Connection closed before a response line"
						: "Connection closed within a response line: '" + line + "'");
			}
			line.write(next);
		}
		return line.toString(StandardCharsets.ISO_8859_1).trim();
	}

	private static Response send(int port, String request) throws IOException {
		return send(null, port, request);
	}

	private static Response send(String clientAddress, int port, String request) throws IOException {
		try (Socket socket = new Socket()) {
			if (clientAddress != null) {
				socket.bind(new InetSocketAddress(clientAddress, 0));
			}
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout(15000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			Received response = read(new BufferedInputStream(socket.getInputStream()));
			return new Response(response.status(), new String(response.body(), StandardCharsets.UTF_8));
		}
	}

	/**
	 * A response as it came off a connection.
	 *
	 * @param status the status code
	 * @param body the body's bytes
	 * @param lowerCaseHeaders the status line and headers, in lower case, each line ended
	 * by CRLF
	 * @param delimitedByClose whether the body had neither a length nor chunks, and so
	 * ended with the connection
	 */
	record Received(int status, byte[] body, String lowerCaseHeaders, boolean delimitedByClose) {

		/** Whether the connection cannot carry another request. */
		boolean closes() {
			return this.delimitedByClose || CONNECTION_CLOSE.matcher(this.lowerCaseHeaders).find();
		}

	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param body the body
	 */
	public record Response(int status, String body) {

		public JsonNode json() {
			return Http.json.readTree(this.body);
		}

	}

}
