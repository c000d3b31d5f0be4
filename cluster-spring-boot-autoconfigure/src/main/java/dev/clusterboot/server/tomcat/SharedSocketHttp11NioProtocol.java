package dev.clusterboot.server.tomcat;

import org.apache.coyote.http11.Http11NioProtocol;

import dev.clusterboot.server.SharedListener;
import dev.clusterboot.worker.ConnectionLimit;

/**
 * Tomcat's NIO HTTP/1.1 protocol accepting from the supervisor's shared listening socket
 * ({@code cluster.port-sharing=shared-socket}). Selected by class name through
 * {@code TomcatWebServerFactory.setProtocol}.
 */
public class SharedSocketHttp11NioProtocol extends Http11NioProtocol {

	public SharedSocketHttp11NioProtocol() {
		super(new PresetSocketEndpoint((endpoint) -> SharedListener.receive()));
	}

	/**
	 * Hold at most as many connections at once as the limit allows.
	 * @param limit the worker's slow start limit
	 */
	public void limitConnections(ConnectionLimit limit) {
		((PresetSocketEndpoint) getEndpoint()).limitConnections(limit);
	}

}
