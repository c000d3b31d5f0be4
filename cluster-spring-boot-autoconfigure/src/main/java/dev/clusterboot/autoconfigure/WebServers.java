package dev.clusterboot.autoconfigure;

import java.util.function.Supplier;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * What the per-server auto-configurations share. Loaded only by them, so only where a web
 * server is on the class path.
 */
final class WebServers {

	static final String REUSEPORT = "reuseport";

	static final String SHARED_SOCKET = "shared-socket";

	static final String PROXY = "proxy";

	private WebServers() {
	}

	/**
	 * The context's running web server, read when a listener is closed, after it started.
	 */
	static Supplier<WebServer> of(ApplicationContext context) {
		return () -> (context instanceof WebServerApplicationContext web) ? web.getWebServer() : null;
	}

}
