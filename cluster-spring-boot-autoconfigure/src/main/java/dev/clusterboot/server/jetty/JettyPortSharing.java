package dev.clusterboot.server.jetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;

import dev.clusterboot.server.SharedListener;
import dev.clusterboot.worker.ConnectionLimit;
import dev.clusterboot.worker.ListenerCloser;

/**
 * How a Jetty worker joins the shared port and leaves it.
 */
public final class JettyPortSharing {

	private JettyPortSharing() {
	}

	/** Bind with SO_REUSEPORT: Jetty's connector has the setting. */
	public static JettyServerCustomizer reusePort() {
		return (server) -> {
			for (Connector connector : server.getConnectors()) {
				if (connector instanceof ServerConnector serverConnector) {
					serverConnector.setReusePort(true);
				}
			}
		};
	}

	/**
	 * Read the PROXY protocol header that the supervisor's proxy sends ahead of each
	 * connection, so that the app sees the client's address.
	 * @param accepted told once the connectors read it
	 * @return the customizer
	 */
	public static JettyServerCustomizer proxyProtocol(Runnable accepted) {
		return (server) -> {
			for (Connector connector : server.getConnectors()) {
				if (connector instanceof ServerConnector serverConnector) {
					// First, and so the default: Jetty hands the connection on to HTTP
					// after it.
					serverConnector.addFirstConnectionFactory(new ProxyConnectionFactory());
					accepted.run();
				}
			}
		};
	}

	/**
	 * Accept from the supervisor's shared socket: Jetty's connector can open a given
	 * channel. It holds at most as many connections as the worker's slow start allows.
	 * @param limit the slow start's limit
	 * @return the customizer
	 */
	public static JettyServerCustomizer sharedSocket(ConnectionLimit limit) {
		return (server) -> {
			for (Connector connector : server.getConnectors()) {
				if (connector instanceof ServerConnector serverConnector) {
					serverConnector.addBean(new AcceptGate(serverConnector, limit));
					try {
						serverConnector.open(SharedListener.receive());
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
			}
		};
	}

	/**
	 * Close a kept-alive connection after {@code max} requests, as Tomcat does by
	 * default: a connection stays with the worker that accepted it, so connections that
	 * live long would otherwise stay where a burst of connects put them.
	 * @param max requests per connection
	 * @return the customizer
	 */
	public static JettyServerCustomizer maxKeepAliveRequests(int max) {
		HttpConfiguration.Customizer closeAfterMax = (request, responseHeaders) -> {
			ConnectionMetaData connection = request.getConnectionMetaData();
			// HTTP/1 only: HTTP/2 and 3 multiplex, and have no Connection header.
			if (connection.getHttpVersion().getVersion() < HttpVersion.HTTP_2.getVersion()
					&& connection.getConnection().getMessagesIn() >= max) {
				responseHeaders.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
			}
			return request;
		};
		return (server) -> {
			for (Connector connector : server.getConnectors()) {
				HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
				if (http != null) {
					http.getHttpConfiguration().addCustomizer(closeAfterMax);
				}
			}
		};
	}

	/**
	 * Close the connectors' listening sockets, as Jetty's own graceful shutdown begins.
	 * @param webServer supplies the running server
	 * @return the closer
	 */
	public static ListenerCloser listenerCloser(Supplier<WebServer> webServer) {
		return () -> {
			if (!(webServer.get() instanceof JettyWebServer jetty)) {
				return false;
			}
			for (Connector connector : jetty.getServer().getConnectors()) {
				if (connector instanceof NetworkConnector network) {
					network.close();
				}
			}
			return true;
		};
	}

}
