package dev.clusterboot.supervisor.port;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One listening socket, bound once by the supervisor and shared by every worker: the
 * workers accept from one queue. A worker that stops closes only its own descriptor; the
 * socket, and the connections waiting in its queue, stay for the others. So stopping a
 * worker resets nothing, whatever {@code net.ipv4.tcp_migrate_req} says, and there is no
 * extra hop.
 *
 * <p>
 * The JVM cannot pass a descriptor to a child it starts, so each worker fetches it: it
 * connects to a Unix domain socket in the cluster's private directory, presents the
 * cluster's secret, and receives the descriptor (SCM_RIGHTS, through Netty's native epoll
 * transport).
 */
final class SharedSocket implements SharedPort {

	private static final Log logger = LogFactory.getLog(SharedSocket.class);

	/** The handoff socket's name in the cluster's private directory. */
	static final String HANDOFF_SOCKET = "listener.sock";

	private static final int BACKLOG = 1024;

	private final Socket listener;

	private final EventLoopGroup group;

	private final Channel handoff;

	private final Path handoffPath;

	private SharedSocket(Socket listener, EventLoopGroup group, Channel handoff, Path handoffPath) {
		this.listener = listener;
		this.group = group;
		this.handoff = handoff;
		this.handoffPath = handoffPath;
	}

	static SharedSocket open(@Nullable String host, int port, Path privateDirectory, Predicate<String> admitted)
			throws IOException {
		Socket listener = Socket.newSocketStream();
		try {
			listener.setReuseAddress(true);
			listener.bind(SharedPort.bindAddress(host, port));
			listener.listen(BACKLOG);
		}
		catch (IOException ex) {
			listener.close();
			throw new IOException("Cannot listen on port " + port + ": " + ex.getMessage(), ex);
		}
		return share(listener, privateDirectory, admitted);
	}

	/**
	 * Share a listening socket that the supervisor inherited, from systemd's socket
	 * activation: it stays open in systemd while the supervisor restarts, and connections
	 * wait in its queue meanwhile.
	 * @param descriptor the inherited descriptor, listening already
	 * @param privateDirectory where workers fetch it
	 * @param admitted whether a worker's secret admits it
	 * @return the shared socket
	 * @throws IOException when the descriptor is not a listening TCP socket
	 */
	static SharedSocket adopt(int descriptor, Path privateDirectory, Predicate<String> admitted) throws IOException {
		Socket listener = new Socket(descriptor);
		@Nullable InetSocketAddress address;
		try {
			address = listener.localAddress();
		}
		catch (RuntimeException ex) {
			address = null;
		}
		if (address == null || address.getPort() == 0) {
			throw new IOException("Descriptor " + descriptor + " from systemd is not a TCP socket bound to a port");
		}
		return share(listener, privateDirectory, admitted);
	}

	private static SharedSocket share(Socket listener, Path privateDirectory, Predicate<String> admitted)
			throws IOException {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		Path handoffPath = privateDirectory.resolve(HANDOFF_SOCKET);
		try {
			Channel handoff = new ServerBootstrap().group(group)
				.channel(EpollServerDomainSocketChannel.class)
				.childHandler(new ChannelInitializer<DomainSocketChannel>() {
					@Override
					protected void initChannel(DomainSocketChannel channel) {
						channel.pipeline()
							.addLast(new LineBasedFrameDecoder(256), new HandOver(listener.intValue(), admitted));
					}
				})
				.bind(new DomainSocketAddress(handoffPath.toFile()))
				.sync()
				.channel();
			return new SharedSocket(listener, group, handoff, handoffPath);
		}
		catch (Exception ex) {
			group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			listener.close();
			throw new IOException("Cannot open the listener handoff socket: " + ex.getMessage(), ex);
		}
	}

	@Override
	public int port() {
		return ((InetSocketAddress) this.listener.localAddress()).getPort();
	}

	@Override
	public int workerPort() {
		return port();
	}

	@Override
	public Path listenerHandoff() {
		return this.handoffPath;
	}

	@Override
	public void close() {
		this.handoff.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close the shared listening socket: " + ex.getMessage());
		}
	}

	/**
	 * Sends the listening socket to a peer whose first line is a secret issued to a
	 * worker JVM, then closes.
	 */
	private static final class HandOver extends ChannelInboundHandlerAdapter {

		private final int listener;

		private final Predicate<String> admitted;

		HandOver(int listener, Predicate<String> admitted) {
			this.listener = listener;
			this.admitted = admitted;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			ByteBuf line = (ByteBuf) message;
			try {
				String presented = line.toString(StandardCharsets.UTF_8);
				if (this.admitted.test(presented)) {
					ctx.writeAndFlush(new FileDescriptor(this.listener)).addListener(ChannelFutureListener.CLOSE);
				}
				else {
					logger.warn("Refused the shared listening socket to a peer without a worker's secret");
					ctx.close();
				}
			}
			finally {
				line.release();
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			logger.warn("Listener handoff failed: " + cause.getMessage());
			ctx.close();
		}

	}

}
