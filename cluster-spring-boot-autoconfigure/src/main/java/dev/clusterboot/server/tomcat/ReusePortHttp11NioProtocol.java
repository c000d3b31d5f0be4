package dev.clusterboot.server.tomcat;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol bound with SO_REUSEPORT, so that several worker JVMs can
 * listen on one port ({@code cluster.port-sharing=reuseport}). Selected by class name
 * through {@code TomcatWebServerFactory.setProtocol}.
 */
public class ReusePortHttp11NioProtocol extends Http11NioProtocol {

	public ReusePortHttp11NioProtocol() {
		super(new PresetSocketEndpoint(PresetSocketEndpoint::bindWithReusePort));
	}

}
