package dev.clusterboot.channel;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Both ends of one channel connection: JSON messages, one per line, with a bound on the
 * line length so that a peer cannot make the other side buffer without limit. Until the
 * peer is trusted (its hello carried the secret) the bound is small.
 *
 * <p>
 * Reads and writes go to the {@link SocketChannel} itself, which allows one reader and
 * one writer at a time. The streams of {@code java.nio.channels.Channels} would not: both
 * lock the channel's blocking lock, so a reader waiting for the next message would block
 * every write.
 */
final class MessageStream implements Closeable {

	/** The longest first line, before the peer proved it knows the secret. */
	static final int UNTRUSTED_LINE_BYTES = 4 * 1024;

	/** The longest line between trusted ends: a cluster-wide metrics scrape must fit. */
	static final int MAX_LINE_BYTES = 32 * 1024 * 1024;

	private final SocketChannel socket;

	private final ByteBuffer incoming = ByteBuffer.allocate(4096).flip();

	private volatile int maxLineBytes;

	/**
	 * A stream over a connected socket.
	 * @param socket the socket
	 * @param trusted whether the peer is known; if not, lines are kept short until
	 * {@link #trust()}
	 */
	MessageStream(SocketChannel socket, boolean trusted) {
		this.socket = socket;
		this.maxLineBytes = trusted ? MAX_LINE_BYTES : UNTRUSTED_LINE_BYTES;
	}

	/** The peer proved who it is: accept lines up to {@link #MAX_LINE_BYTES}. */
	void trust() {
		this.maxLineBytes = MAX_LINE_BYTES;
	}

	/**
	 * Read the next message, which must be of the expected kind.
	 * @param <T> the kind of message
	 * @param expected the kind of message this end reads: a hello, or one direction's
	 * messages
	 * @return the message
	 * @throws EOFException when the peer closed the connection
	 * @throws MalformedMessageException when the line is too long, not a valid message,
	 * or a message of another kind
	 * @throws IOException on a socket error
	 */
	<T extends ChannelMessage> T read(Class<T> expected) throws IOException {
		return decode(readLine(), expected);
	}

	/**
	 * Decode one line: a message of the expected kind, with every field it requires.
	 * @param <T> the kind of message
	 * @param line the line, without its end
	 * @param expected the kind of message this end reads
	 * @return the message
	 * @throws MalformedMessageException when the line is anything else
	 */
	static <T extends ChannelMessage> T decode(String line, Class<T> expected) throws MalformedMessageException {
		ChannelMessage message = ChannelReader.decode(line);
		if (!expected.isInstance(message)) {
			throw new MalformedMessageException(JsonFields.article(message.getClass().getSimpleName()) + " where "
					+ JsonFields.article(expected.getSimpleName()) + " message was expected");
		}
		return expected.cast(message);
	}

	/** One message as the line that carries it, without its end. */
	static String encode(ChannelMessage message) {
		return ChannelWriter.encode(message);
	}

	synchronized void write(ChannelMessage message) throws IOException {
		byte[] bytes = (encode(message) + "\n").getBytes(StandardCharsets.UTF_8);
		if (bytes.length > MAX_LINE_BYTES) {
			// The peer would take the line for an attack and drop the connection: do not
			// send it.
			throw new MessageTooLongException(
					"the message is " + bytes.length + " bytes, above the channel's " + MAX_LINE_BYTES + " bytes");
		}
		ByteBuffer line = ByteBuffer.wrap(bytes);
		while (line.hasRemaining()) {
			this.socket.write(line);
		}
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(256);
		while (true) {
			if (!this.incoming.hasRemaining()) {
				this.incoming.clear();
				int read = this.socket.read(this.incoming);
				this.incoming.flip();
				if (read == -1) {
					throw new EOFException("channel closed by peer");
				}
				continue;
			}
			byte b = this.incoming.get();
			if (b == '\n') {
				return line.toString(StandardCharsets.UTF_8);
			}
			if (line.size() >= this.maxLineBytes) {
				throw new MalformedMessageException("line longer than " + this.maxLineBytes + " bytes");
			}
			line.write(b);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing is best effort: the peer sees EOF either way.
		}
	}

	/**
	 * A message too long to send: the peer would refuse its line.
	 */
	static final class MessageTooLongException extends IOException {

		MessageTooLongException(String message) {
			super(message);
		}

	}

	/**
	 * A line that is not a valid channel message.
	 */
	static final class MalformedMessageException extends IOException {

		MalformedMessageException(String message) {
			super(message);
		}

	}

}
