package dev.clusterboot.server;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannelOption;
import org.jspecify.annotations.Nullable;

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
		Handoff current = handoff;
		if (current == null) {
			throw new IOException("This JVM is not a cluster worker under cluster.port-sharing=shared-socket");
		}
		ServerSocketChannel channel = adopt(fetchDescriptor(current));
		channel.configureBlocking(true);
		return channel;
	}

	private static int fetchDescriptor(Handoff handoff) throws IOException {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		CompletableFuture<Integer> received = new CompletableFuture<>();
		try {
			new Bootstrap().group(group)
				.channel(EpollDomainSocketChannel.class)
				.option(UnixChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
				.handler(new ChannelInboundHandlerAdapter() {
					@Override
					public void channelActive(ChannelHandlerContext ctx) {
						ctx.writeAndFlush(Unpooled.copiedBuffer(handoff.secret() + "\n", StandardCharsets.UTF_8));
					}

					@Override
					public void channelRead(ChannelHandlerContext ctx, Object message) {
						received.complete(((FileDescriptor) message).intValue());
						ctx.close();
					}

					@Override
					public void channelInactive(ChannelHandlerContext ctx) {
						received.completeExceptionally(new IOException("The supervisor closed the handoff"));
					}
				})
				.connect(new DomainSocketAddress(handoff.socket().toFile()))
				.sync();
			return received.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IOException("Could not fetch the shared listening socket from " + handoff.socket() + ": " + ex,
					ex);
		}
		finally {
			group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
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
