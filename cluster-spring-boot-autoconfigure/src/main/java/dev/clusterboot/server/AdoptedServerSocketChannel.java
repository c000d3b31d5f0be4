package dev.clusterboot.server;

import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;

import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * A Netty server channel on a socket the supervisor bound and shares
 * ({@link SharedListener}): binding is a no-op. On NIO event loops, as the adopted socket
 * is a JDK channel.
 */
public final class AdoptedServerSocketChannel extends NioServerSocketChannel {

	/**
	 * Accept from an adopted socket.
	 * @param adopted the listening channel, bound and listening already
	 */
	public AdoptedServerSocketChannel(ServerSocketChannel adopted) {
		// NioServerSocketChannel switches it to non-blocking mode for its selector.
		super(adopted);
	}

	@Override
	protected void doBind(SocketAddress localAddress) {
		// The supervisor bound it.
	}

}
