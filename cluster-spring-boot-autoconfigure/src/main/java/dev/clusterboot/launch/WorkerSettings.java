package dev.clusterboot.launch;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;

import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.contract.WorkerEnvironment;

/**
 * In a worker JVM, settles what the supervisor decides ahead of every other property
 * source: the worker index, the port it serves, the ports of the management server and of
 * the app's other servers (gRPC, RSocket) behind the supervisor's relay, the log field
 * naming the worker. An environment post-processor, so that logging, initialized right
 * after, sees it too. Outside a worker it does nothing.
 */
public class WorkerSettings implements EnvironmentPostProcessor, Ordered {

	/** The property source's name. */
	public static final String PROPERTY_SOURCE = "clusterWorker";

	/** The field of a worker's structured log records that holds its index. */
	public static final String LOG_FIELD = "cluster.worker";

	/**
	 * Tomcat's trusted proxies for {@code X-Forwarded-For}: by default loopback and
	 * private networks.
	 */
	static final String TOMCAT_INTERNAL_PROXIES = "server.tomcat.remoteip.internal-proxies";

	@Override
	public int getOrder() {
		// After application.yml is read, whose values these override.
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		WorkerEnvironment worker = WorkerEnvironment.from(System.getenv());
		if (worker != null) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource(PROPERTY_SOURCE, settle(worker, environment)));
		}
	}

	static Map<String, Object> settle(WorkerEnvironment worker, PropertyResolver app) {
		Map<String, Object> settled = new HashMap<>();
		settled.put("cluster.instance-id", worker.instance());
		settled.put("cluster.port-sharing", worker.portSharing().propertyValue());
		settled.put("spring.main.banner-mode", "off");
		// With structured logging, each record names its worker (the supervisor drops the
		// prefix).
		settled.put("logging.structured.json.add[" + LOG_FIELD + "]", Integer.toString(worker.instance()));
		if (worker.portSharing() == PortSharing.PROXY) {
			// Only the supervisor's proxy talks to a worker.
			settled.put("server.port", 0);
			settled.put("server.address", "127.0.0.1");
			if (!app.containsProperty(TOMCAT_INTERNAL_PROXIES)) {
				// Tomcat cannot read the PROXY protocol: every request comes from the
				// proxy's
				// loopback address, which Tomcat would trust for X-Forwarded-For, whoever
				// the
				// client. Trust no one instead; Jetty and Reactor Netty see the real
				// client.
				settled.put(TOMCAT_INTERNAL_PROXIES, "");
			}
			for (SharedServer server : SharedServer.values()) {
				Integer publicPort = app.getProperty(server.portProperty(), Integer.class, server.defaultPort());
				if (publicPort != null) {
					// The supervisor relays the public port to this one, and the worker
					// tells it which public port it serves.
					settled.put(server.publicPortProperty(), publicPort);
					settled.put(server.portProperty(), 0);
					settled.put(server.addressProperty(), "127.0.0.1");
				}
			}
		}
		else {
			settled.put("server.port", worker.port());
		}
		// Set at run time for every worker (Actuator's loggers endpoint), so kept across
		// reloads and restarts: over application.yml's, as they were in the workers
		// before.
		worker.loggerLevels().forEach((name, level) -> settled.put("logging.level." + name, level));
		if (worker.managementRelayed()) {
			// The supervisor listens on management.server.port and relays to this one.
			settled.put("management.server.port", 0);
			settled.put("management.server.address", "127.0.0.1");
		}
		return settled;
	}

}
