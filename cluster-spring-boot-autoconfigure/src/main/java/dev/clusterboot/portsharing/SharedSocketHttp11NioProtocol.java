package dev.clusterboot.portsharing;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol accepting from the supervisor's shared listening socket
 * ({@link PortSharing#SHARED_SOCKET}). Selected by class name through
 * {@code TomcatWebServerFactory.setProtocol}.
 */
public class SharedSocketHttp11NioProtocol extends Http11NioProtocol {

	public SharedSocketHttp11NioProtocol() {
		super(new PresetSocketEndpoint((endpoint) -> SharedListener.receive()));
	}

}
