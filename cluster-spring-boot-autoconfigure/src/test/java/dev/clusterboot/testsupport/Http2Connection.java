package dev.clusterboot.testsupport;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A cleartext HTTP/2 connection with prior knowledge, frame by frame: what a test of a
 * server's drain needs to see a GOAWAY.
 */
public final class Http2Connection implements Closeable {

	/** A frame's type: GOAWAY. */
	private static final int GOAWAY = 0x7;

	private static final int SETTINGS = 0x4;

	private final Socket socket;

	private final DataInputStream in;

	private Http2Connection(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
	}

	/**
	 * Open a connection: the preface, and empty settings.
	 * @param port the server's port on 127.0.0.1
	 * @return the connection
	 * @throws IOException when it cannot be opened
	 */
	public static Http2Connection open(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
		OutputStream out = socket.getOutputStream();
		out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.write(new byte[] { 0, 0, 0, SETTINGS, 0, 0, 0, 0, 0 });
		out.flush();
		Http2Connection connection = new Http2Connection(socket);
		// The server's settings: it speaks HTTP/2 here.
		if (connection.nextFrame(5000) != SETTINGS) {
			throw new IOException("The server did not answer with its settings");
		}
		return connection;
	}

	/**
	 * Read frames until a GOAWAY, the connection's end, or the timeout.
	 * @param timeoutMillis how long to wait for each frame
	 * @return whether a GOAWAY came
	 * @throws IOException when the read fails otherwise
	 */
	public boolean awaitGoAway(int timeoutMillis) throws IOException {
		for (int type = nextFrame(timeoutMillis); type >= 0; type = nextFrame(timeoutMillis)) {
			if (type == GOAWAY) {
				return true;
			}
		}
		return false;
	}

	/** The next frame's type, its payload skipped; -1 at the end or the timeout. */
	private int nextFrame(int timeoutMillis) throws IOException {
		this.socket.setSoTimeout(timeoutMillis);
		try {
			int length = (this.in.readUnsignedByte() << 16) | (this.in.readUnsignedByte() << 8)
					| this.in.readUnsignedByte();
			int type = this.in.readUnsignedByte();
			this.in.readUnsignedByte();
			this.in.readInt();
			this.in.skipNBytes(length);
			return type;
		}
		catch (EOFException | SocketTimeoutException ex) {
			return -1;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
