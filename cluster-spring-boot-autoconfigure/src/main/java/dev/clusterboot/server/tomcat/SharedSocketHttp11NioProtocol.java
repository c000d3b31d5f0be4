package dev.clusterboot.server.tomcat;

import org.apache.coyote.http11.Http11NioProtocol;

import dev.clusterboot.server.SharedListener;

/**
 * Tomcat's NIO HTTP/1.1 protocol accepting from the supervisor's shared listening socket
 * ({@code cluster.port-sharing=shared-socket}). Selected by class name through
 * {@code TomcatWebServerFactory.setProtocol}.
 */
public class SharedSocketHttp11NioProtocol extends Http11NioProtocol {

	public SharedSocketHttp11NioProtocol() {
		super(new PresetSocketEndpoint((endpoint) -> SharedListener.receive()));
	}

}
