package dev.clusterboot.server.jetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.Graceful;

import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;

import dev.clusterboot.server.SharedListener;
import dev.clusterboot.drain.DrainState;
import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.worker.ConnectionLimit;

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
	 * End a kept-alive connection with its response after {@code max} requests, as Tomcat
	 * does by default (a connection stays with the worker that accepted it, so
	 * connections that live long would otherwise stay where a burst of connects put
	 * them), and every connection while the worker drains. The response says
	 * {@code Connection: close} and, on HTTP/1.1, asks to be chunked: Jetty would
	 * otherwise end a body of unknown length by closing the connection, which no client
	 * can tell from a body cut short.
	 * @param max requests per connection, -1 for no limit
	 * @param drain the worker's drain
	 * @return the customizer
	 */
	public static JettyServerCustomizer connectionClose(int max, DrainState drain) {
		HttpConfiguration.Customizer close = (request, responseHeaders) -> {
			ConnectionMetaData connection = request.getConnectionMetaData();
			HttpVersion version = connection.getHttpVersion();
			// HTTP/1 only: HTTP/2 and 3 multiplex, and have no Connection header. An
			// upgrade (WebSocket, h2c) keeps its connection.
			if (version.getVersion() >= HttpVersion.HTTP_2.getVersion()
					|| request.getHeaders().contains(HttpHeader.UPGRADE)) {
				return request;
			}
			if (drain.isDraining() || (max != -1 && connection.getConnection().getMessagesIn() >= max)) {
				responseHeaders.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
				if (version == HttpVersion.HTTP_1_1) {
					// A hint only: Jetty drops it where the response has no body.
					responseHeaders.put(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED);
				}
			}
			return request;
		};
		return (server) -> {
			for (Connector connector : server.getConnectors()) {
				HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
				if (http != null) {
					http.getHttpConfiguration().addCustomizer(close);
				}
			}
		};
	}

	/**
	 * A Jetty worker's part in the drain: leaving closes the connectors' listening
	 * sockets, as Jetty's own graceful shutdown begins, and shuts their HTTP/2 sessions
	 * down gracefully, with a GOAWAY, so that their clients open new streams on a new
	 * connection; the drain counts the connections they hold.
	 * @param webServer supplies the running server
	 * @return the server's part
	 */
	public static DrainingServer drainingServer(Supplier<WebServer> webServer) {
		return new DrainingServer() {

			@Override
			public boolean leave() {
				if (!(webServer.get() instanceof JettyWebServer jetty)) {
					return false;
				}
				for (Connector connector : jetty.getServer().getConnectors()) {
					if (connector instanceof NetworkConnector network) {
						network.close();
					}
					for (ConnectionFactory factory : connector.getConnectionFactories()) {
						if (factory.getProtocol().startsWith("h2") && factory instanceof ContainerLifeCycle sessions) {
							// The factory's container of sessions.
							sessions.getContainedBeans(Graceful.class).forEach(Graceful::shutdown);
						}
					}
				}
				return true;
			}

			@Override
			public int openConnections() {
				if (!(webServer.get() instanceof JettyWebServer jetty)) {
					return 0;
				}
				int open = 0;
				for (Connector connector : jetty.getServer().getConnectors()) {
					open += connector.getConnectedEndPoints().size();
				}
				return open;
			}

		};
	}

}
