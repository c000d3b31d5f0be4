package dev.clusterboot.server;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.ListenerHandoff;

/**
 * A worker's copy of the supervisor's shared listening socket
 * ({@code cluster.port-sharing=shared-socket}), as a JDK {@link ServerSocketChannel} that
 * Tomcat, Jetty and Reactor Netty can accept from.
 *
 * <p>
 * The JDK has no public way to wrap a received descriptor, so this uses its own
 * {@code sun.nio.ch} constructor, the one {@code System.inheritedChannel()} uses. The
 * supervisor starts its workers with {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}
 * for that.
 */
public final class SharedListener {

	/** The JVM option a worker needs to adopt the descriptor. */
	public static final String REQUIRED_JVM_OPTION = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

	/**
	 * Lets Netty load its native transport, which receives the descriptor, without the
	 * warning JDK 24 and later print for it; JDK 17 accepts it too.
	 */
	public static final String NATIVE_ACCESS_JVM_OPTION = "--enable-native-access=ALL-UNNAMED";

	/** How long the supervisor may take to send the descriptor. */
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private static final AtomicInteger inboxes = new AtomicInteger();

	private static volatile @Nullable Handoff handoff;

	private SharedListener() {
	}

	/**
	 * Where this worker fetches the socket from; set by the launcher in a worker JVM.
	 * @param handoffSocket the supervisor's handoff socket, from the worker environment
	 * @param secret the cluster's secret
	 */
	public static void configure(Path handoffSocket, String secret) {
		handoff = new Handoff(handoffSocket, secret);
	}

	/**
	 * Fetch a new descriptor of the shared socket from the supervisor, for a server about
	 * to listen. Each call gets its own descriptor, which the server closes when it
	 * stops.
	 * @return the listening channel, bound and in blocking mode
	 * @throws IOException when the supervisor cannot be reached or the descriptor not
	 * adopted
	 */
	public static ServerSocketChannel receive() throws IOException {
		return receive(null, null);
	}

	/**
	 * Fetch a new descriptor of a shared socket from the supervisor, for a server about
	 * to listen: {@code server.port}'s, or another server's (a gRPC server's, say), which
	 * the supervisor binds when a worker first asks.
	 * @param port the port of another server, {@code null} for {@code server.port}'s
	 * @param host the address that server binds, {@code null} for every address
	 * @return the listening channel, bound and in blocking mode
	 * @throws IOException when the supervisor cannot be reached, cannot listen there, or
	 * the descriptor cannot be adopted
	 */
	public static ServerSocketChannel receive(@Nullable Integer port, @Nullable String host) throws IOException {
		Handoff current = handoff;
		if (current == null) {
			throw new IOException("This JVM is not a cluster worker under cluster.port-sharing=shared-socket");
		}
		ServerSocketChannel channel = adopt(fetchDescriptor(current, port, host));
		channel.configureBlocking(true);
		return channel;
	}

	/**
	 * Whether this JVM is a worker that fetches its listening sockets from its
	 * supervisor.
	 */
	public static boolean isConfigured() {
		return handoff != null;
	}

	private static int fetchDescriptor(Handoff handoff, @Nullable Integer port, @Nullable String host)
			throws IOException {
		Path inbox = ListenerHandoff.inbox(handoff.socket(), ProcessHandle.current().pid(), inboxes.incrementAndGet());
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			// A JVM of the same pid that was killed while it fetched may have left one.
			Files.deleteIfExists(inbox);
			server.bind(UnixDomainSocketAddress.of(inbox));
			String answer;
			try (SocketChannel request = SocketChannel.open(UnixDomainSocketAddress.of(handoff.socket()))) {
				ListenerHandoff.writeLine(request,
						new ListenerHandoff.Request(handoff.secret(), port, host, inbox).line());
				answer = ListenerHandoff.readLine(request, ANSWER_TIMEOUT);
			}
			if (!ListenerHandoff.OK.equals(answer)) {
				throw new IOException("the supervisor answered: " + answer);
			}
			// The supervisor sent the descriptor before it answered: the connection
			// waits in the inbox's queue with the descriptor in it.
			server.configureBlocking(false);
			try (SocketChannel delivery = server.accept()) {
				if (delivery == null) {
					throw new IOException("the supervisor answered, but nothing came to " + inbox);
				}
				// Loads Netty's native library, which its Socket calls into.
				Epoll.ensureAvailability();
				int descriptor = new Socket(descriptorOf(delivery)).recvFd();
				if (descriptor <= 0) {
					throw new IOException("the supervisor's connection carried no descriptor");
				}
				return descriptor;
			}
		}
		catch (IOException | UnsatisfiedLinkError ex) {
			throw new IOException("Could not fetch the shared listening socket"
					+ ((port != null) ? " of port " + port : "") + " from " + handoff.socket() + ": " + ex.getMessage(),
					ex);
		}
		finally {
			Files.deleteIfExists(inbox);
		}
	}

	/**
	 * The descriptor of a JDK channel, for Netty's {@link Socket} to receive on; the
	 * {@code Socket} is not closed, the channel owns the descriptor.
	 */
	private static int descriptorOf(SocketChannel channel) throws IOException {
		try {
			Method fdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
			fdVal.setAccessible(true);
			return (int) fdVal.invoke(channel);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IOException("cannot read the inbox connection's descriptor; the worker JVM needs "
					+ REQUIRED_JVM_OPTION + ": " + ex, ex);
		}
	}

	private static ServerSocketChannel adopt(int descriptor) throws IOException {
		try {
			Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
			Method newFd = ioUtil.getDeclaredMethod("newFD", int.class);
			newFd.setAccessible(true);
			Class<?> impl = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
			Constructor<?> constructor = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
					java.io.FileDescriptor.class, boolean.class);
			constructor.setAccessible(true);
			// Netty created the socket in the family it prefers; the JDK must see the
			// same one.
			ProtocolFamily family = Socket.isIPv6Preferred() ? StandardProtocolFamily.INET6
					: StandardProtocolFamily.INET;
			return (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(), family,
					newFd.invoke(null, descriptor), true);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IOException("Could not adopt the shared listening socket (descriptor " + descriptor
					+ "); the worker JVM needs " + REQUIRED_JVM_OPTION + ": " + ex, ex);
		}
	}

	private record Handoff(Path socket, String secret) {
	}

}
