package dev.clusterboot.supervisor.systemd;

import java.nio.charset.StandardCharsets;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The datagram socket to systemd's {@code NOTIFY_SOCKET}. The JDK has no Unix datagram
 * sockets; Netty's native epoll transport, which the starter brings for the shared
 * socket, has them.
 */
final class NotifySocket implements ServiceNotifications.Notifier {

	private static final Log logger = LogFactory.getLog(NotifySocket.class);

	private final Channel channel;

	private final DomainSocketAddress address;

	/** Once: a socket that refuses one notification refuses them all. */
	private volatile boolean failureLogged;

	private NotifySocket(Channel channel, DomainSocketAddress address) {
		this.channel = channel;
		this.address = address;
	}

	/**
	 * Open a socket to send to systemd.
	 * @param path {@code NOTIFY_SOCKET}: a path, or {@code @name} in the abstract
	 * namespace
	 * @return the notifier
	 */
	static NotifySocket open(String path) {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		try {
			Channel channel = new Bootstrap().group(group)
				.channel(EpollDomainDatagramChannel.class)
				// Unbound, a datagram channel sends only once it counts as active.
				.option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
				.handler(new ChannelInboundHandlerAdapter())
				.register()
				.syncUninterruptibly()
				.channel();
			// An abstract socket's name starts with a NUL byte, which systemd writes as
			// '@'.
			String address = path.startsWith("@") ? "\0" + path.substring(1) : path;
			return new NotifySocket(channel, new DomainSocketAddress(address));
		}
		catch (RuntimeException ex) {
			group.shutdownGracefully();
			throw ex;
		}
	}

	@Override
	public void send(String state) {
		this.channel
			.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer(state, StandardCharsets.UTF_8), this.address))
			.addListener((ChannelFutureListener) (future) -> {
				if (!future.isSuccess() && !this.failureLogged) {
					this.failureLogged = true;
					logger.warn("Cannot notify systemd at " + this.address.path() + ": " + future.cause());
				}
			});
	}

}
