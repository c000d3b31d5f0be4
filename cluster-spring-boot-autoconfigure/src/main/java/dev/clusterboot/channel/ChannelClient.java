package dev.clusterboot.channel;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A worker's end of the private channel. Reading runs on a daemon thread; when the
 * connection ends for any reason, including the supervisor's death by SIGKILL (the kernel
 * closes its end), the {@code onLost} callback runs once.
 */
public final class ChannelClient implements Closeable {

	private static final Log logger = LogFactory.getLog(ChannelClient.class);

	private final MessageStream stream;

	private volatile boolean closed;

	private ChannelClient(MessageStream stream) {
		this.stream = stream;
	}

	/**
	 * Connect, introduce this worker, and start reading.
	 * @param socketPath the supervisor's socket
	 * @param secret the cluster's secret
	 * @param instance this worker's index
	 * @param onMessage receives each message from the supervisor
	 * @param onLost runs once when the connection ends without {@link #close()}
	 * @return the connected client
	 * @throws IOException if the supervisor cannot be reached
	 */
	public static ChannelClient connect(Path socketPath, String secret, int instance, Consumer<ToWorker> onMessage,
			Runnable onLost) throws IOException {
		// The secret goes only where only this user could have put the socket, to a
		// process of
		// this user: another user's planted socket gets nothing.
		PrivateFiles.checkPrivate(socketPath.getParent());
		SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
		socket.connect(UnixDomainSocketAddress.of(socketPath));
		try {
			PrivateFiles.checkSameUser(socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		ChannelClient client = new ChannelClient(new MessageStream(socket, true));
		client.stream.write(new ChannelMessage.Hello(secret, instance, ProcessHandle.current().pid()));
		Thread reader = new Thread(() -> client.readLoop(onMessage, onLost), "cluster-channel");
		reader.setDaemon(true);
		reader.start();
		return client;
	}

	private void readLoop(Consumer<ToWorker> onMessage, Runnable onLost) {
		try {
			while (true) {
				onMessage.accept(this.stream.read(ToWorker.class));
			}
		}
		catch (EOFException ex) {
			// The supervisor closed the channel or died.
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.warn("Cluster channel failed: " + ex.getMessage());
			}
		}
		if (!this.closed) {
			onLost.run();
		}
	}

	/**
	 * Send a message to the supervisor.
	 * @param message the message
	 * @throws IOException if the channel is broken
	 */
	public void send(ToSupervisor message) throws IOException {
		this.stream.write(message);
	}

	@Override
	public void close() {
		this.closed = true;
		this.stream.close();
	}

}
