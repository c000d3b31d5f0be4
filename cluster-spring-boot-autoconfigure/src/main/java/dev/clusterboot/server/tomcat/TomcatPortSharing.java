package dev.clusterboot.server.tomcat;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.worker.ConnectionLimit;

/**
 * How a Tomcat worker joins the shared port and leaves it.
 */
public final class TomcatPortSharing {

	private TomcatPortSharing() {
	}

	/**
	 * Bind with SO_REUSEPORT, through a protocol whose endpoint sets the option.
	 * @param factory the servlet or reactive Tomcat factory
	 */
	public static void reusePort(ConfigurableTomcatWebServerFactory factory) {
		useProtocol(factory, ReusePortHttp11NioProtocol.class);
	}

	/**
	 * Accept from the supervisor's shared socket, through a protocol whose endpoint
	 * adopts it, holding at most as many connections as the worker's slow start allows.
	 * @param factory the servlet or reactive Tomcat factory
	 * @param limit the slow start's limit
	 */
	public static void sharedSocket(ConfigurableTomcatWebServerFactory factory, ConnectionLimit limit) {
		useProtocol(factory, SharedSocketHttp11NioProtocol.class);
		if (factory instanceof TomcatWebServerFactory tomcat) {
			tomcat.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof SharedSocketHttp11NioProtocol shared) {
					shared.limitConnections(limit);
				}
			});
		}
	}

	private static void useProtocol(ConfigurableTomcatWebServerFactory factory, Class<?> protocol) {
		if (factory instanceof TomcatWebServerFactory tomcat) {
			tomcat.setProtocol(protocol.getName());
		}
	}

	/**
	 * A Tomcat worker's part in the drain. Leaving closes every connector's listening
	 * socket; Tomcat then stops keeping connections alive itself, and says
	 * {@code Connection: close} on each response that follows, still chunked where its
	 * length is unknown. The drain counts the connections each endpoint holds.
	 * @param webServer supplies the running server
	 * @return the server's part
	 */
	public static DrainingServer drainingServer(Supplier<WebServer> webServer) {
		return new DrainingServer() {

			@Override
			public boolean leave() {
				if (!(webServer.get() instanceof TomcatWebServer tomcat)) {
					return false;
				}
				for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
					connector.getProtocolHandler().closeServerSocketGraceful();
				}
				return true;
			}

			@Override
			public int openConnections() {
				if (!(webServer.get() instanceof TomcatWebServer tomcat)) {
					return 0;
				}
				int open = 0;
				for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
					AbstractEndpoint<?, ?> endpoint = endpointOf(connector.getProtocolHandler());
					if (endpoint == null) {
						return UNKNOWN;
					}
					open += endpoint.getConnections().size();
				}
				return open;
			}

		};
	}

	/**
	 * The protocol's endpoint, whose map of connections is exact: the protocol's own
	 * count includes the one its acceptor reserves before each accept, and stops counting
	 * once the listener is closed.
	 */
	private static @Nullable AbstractEndpoint<?, ?> endpointOf(ProtocolHandler protocol) {
		if (!(protocol instanceof AbstractProtocol<?>)) {
			return null;
		}
		try {
			Method getEndpoint = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
			getEndpoint.setAccessible(true);
			return (AbstractEndpoint<?, ?>) getEndpoint.invoke(protocol);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
