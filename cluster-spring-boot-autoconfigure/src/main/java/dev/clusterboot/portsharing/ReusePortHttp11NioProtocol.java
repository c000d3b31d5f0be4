package dev.clusterboot.portsharing;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's NIO HTTP/1.1 protocol whose listening socket is bound with SO_REUSEPORT, so that
 * several worker JVMs can listen on one port. Tomcat has no setting for it (unlike Jetty and
 * Netty), so the endpoint opens the socket itself, as {@link NioEndpoint} would, with the option
 * set before the bind.
 *
 * <p>Selected by class name through {@code TomcatWebServerFactory.setProtocol}.
 */
public class ReusePortHttp11NioProtocol extends Http11NioProtocol {

	public ReusePortHttp11NioProtocol() {
		super(new ReusePortEndpoint());
	}

	static final class ReusePortEndpoint extends NioEndpoint {

		private static final Field SERVER_SOCK = serverSockField();

		@Override
		protected void initServerSocket() throws Exception {
			if (getUseInheritedChannel() || getUnixDomainSocketPath() != null) {
				super.initServerSocket();
				return;
			}
			ServerSocketChannel channel = ServerSocketChannel.open();
			channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			getSocketProperties().setProperties(channel.socket());
			channel.bind(new InetSocketAddress(getAddress(), getPortWithOffset()), getAcceptCount());
			// Tomcat's acceptor expects a blocking channel, as NioEndpoint sets it.
			channel.configureBlocking(true);
			SERVER_SOCK.set(this, channel);
		}

		private static Field serverSockField() {
			try {
				Field field = NioEndpoint.class.getDeclaredField("serverSock");
				field.setAccessible(true);
				return field;
			}
			catch (NoSuchFieldException ex) {
				throw new IllegalStateException("This Tomcat version's NioEndpoint has no 'serverSock' field: "
						+ "use cluster.port-sharing=proxy", ex);
			}
		}

	}

}
