package dev.clusterboot.portsharing;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's NIO endpoint with a listening socket that the cluster provides, for the two
 * mechanisms Tomcat has no setting for: binding with SO_REUSEPORT, and accepting from the
 * supervisor's shared socket. It stores the channel where {@link NioEndpoint} keeps its own.
 */
final class PresetSocketEndpoint extends NioEndpoint {

	private static final Field SERVER_SOCK = serverSockField();

	private final Opener opener;

	PresetSocketEndpoint(Opener opener) {
		this.opener = opener;
	}

	@Override
	protected void initServerSocket() throws Exception {
		if (getUseInheritedChannel() || getUnixDomainSocketPath() != null) {
			super.initServerSocket();
			return;
		}
		ServerSocketChannel channel = this.opener.open(this);
		// Tomcat's acceptor expects a blocking channel, as NioEndpoint sets it.
		channel.configureBlocking(true);
		SERVER_SOCK.set(this, channel);
	}

	/** Opens a channel bound like NioEndpoint binds its own, with SO_REUSEPORT set first. */
	static ServerSocketChannel bindWithReusePort(NioEndpoint endpoint) throws Exception {
		ServerSocketChannel channel = ServerSocketChannel.open();
		channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		endpoint.getSocketProperties().setProperties(channel.socket());
		channel.bind(new InetSocketAddress(endpoint.getAddress(), endpoint.getPortWithOffset()),
				endpoint.getAcceptCount());
		return channel;
	}

	private static Field serverSockField() {
		try {
			Field field = NioEndpoint.class.getDeclaredField("serverSock");
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException(
					"This Tomcat version's NioEndpoint has no 'serverSock' field: use cluster.port-sharing=proxy", ex);
		}
	}

	@FunctionalInterface
	interface Opener {

		ServerSocketChannel open(NioEndpoint endpoint) throws Exception;

	}

}
