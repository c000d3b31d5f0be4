package dev.clusterboot.supervisor.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The datagram socket to systemd's {@code NOTIFY_SOCKET}. The JDK has no Unix datagram
 * sockets; Netty's native {@link Socket}, which the starter brings for the shared socket,
 * has them. A notification is one {@code sendto} call, so no event loop runs for it.
 */
final class NotifySocket implements ServiceNotifications.Notifier {

	private static final Log logger = LogFactory.getLog(NotifySocket.class);

	private final Socket socket;

	private final String path;

	private final byte[] address;

	/** Once: a socket that refuses one notification refuses them all. */
	private volatile boolean failureLogged;

	private NotifySocket(Socket socket, String path) {
		this.socket = socket;
		this.path = path;
		// An abstract socket's name starts with a NUL byte, which systemd writes as '@'.
		this.address = (path.startsWith("@") ? "\0" + path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Open a socket to send to systemd.
	 * @param path {@code NOTIFY_SOCKET}: a path, or {@code @name} in the abstract
	 * namespace
	 * @return the notifier
	 */
	static NotifySocket open(String path) {
		// Loads Netty's native library, which its Socket calls into.
		Epoll.ensureAvailability();
		return new NotifySocket(Socket.newSocketDomainDgram(), path);
	}

	@Override
	public synchronized void send(String state) {
		byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
		// Netty's native send reads a direct buffer.
		ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
		try {
			if (this.socket.sendToDomainSocket(buffer, 0, bytes.length, this.address) < bytes.length) {
				fail("the socket took only part of the datagram");
			}
		}
		catch (IOException ex) {
			fail(ex.toString());
		}
	}

	private void fail(String reason) {
		if (!this.failureLogged) {
			this.failureLogged = true;
			logger.warn("Cannot notify systemd at " + this.path + ": " + reason);
		}
	}

}
