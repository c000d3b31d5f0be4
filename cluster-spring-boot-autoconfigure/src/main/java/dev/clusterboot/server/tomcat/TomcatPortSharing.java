package dev.clusterboot.server.tomcat;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import dev.clusterboot.worker.ConnectionLimit;
import dev.clusterboot.worker.ListenerCloser;

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
	 * Close every connector's listening socket; Tomcat then also turns keep-alive off for
	 * the connections in progress, so they close after their current response.
	 * @param webServer supplies the running server
	 * @return the closer
	 */
	public static ListenerCloser listenerCloser(java.util.function.Supplier<WebServer> webServer) {
		return () -> {
			if (!(webServer.get() instanceof TomcatWebServer tomcat)) {
				return false;
			}
			for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
				connector.getProtocolHandler().closeServerSocketGraceful();
			}
			return true;
		};
	}

}
