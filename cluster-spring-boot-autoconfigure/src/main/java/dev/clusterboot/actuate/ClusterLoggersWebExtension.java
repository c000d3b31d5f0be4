package dev.clusterboot.actuate;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.actuate.logging.LoggersEndpoint;
import org.springframework.boot.logging.LogLevel;

import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Actuator's {@code loggers} endpoint over the web, in a worker: a level set through any
 * worker is set in every ready worker, and the supervisor keeps it for the workers it
 * starts later (a reload, a restart, a scale-up), so that the level holds for the app,
 * not for the one JVM that took the request. Reads stay the worker's own; one worker's
 * are at {@code /actuator/cluster/workers/N/loggers}.
 */
@EndpointWebExtension(endpoint = LoggersEndpoint.class)
public class ClusterLoggersWebExtension {

	private static final Log logger = LogFactory.getLog(ClusterLoggersWebExtension.class);

	private final LoggersEndpoint loggers;

	private final WorkerAgent agent;

	/**
	 * Create the extension.
	 * @param loggers the worker's own endpoint
	 * @param agent the link to the supervisor
	 */
	public ClusterLoggersWebExtension(LoggersEndpoint loggers, WorkerAgent agent) {
		this.loggers = loggers;
		this.agent = agent;
	}

	/**
	 * Set a logger's or a group's level in every worker: 204 once every ready worker set
	 * it, as Spring Boot's endpoint answers, 502 when some did not, with the workers
	 * named in this worker's log.
	 * @param name the logger or group
	 * @param configuredLevel the level, {@code null} to reset it
	 */
	@WriteOperation
	public void configureLogLevel(@Selector String name, @Nullable LogLevel configuredLevel) {
		// Void, as Spring Boot's own operation is: the same request predicate, which this
		// one then replaces; a body would make it a second operation beside it.
		if (LocalEndpoints.isAnswering()) {
			this.loggers.configureLogLevel(name, configuredLevel);
			return;
		}
		Map<String, String> arguments = (configuredLevel != null) ? Map.of("configuredLevel", configuredLevel.name())
				: Map.of();
		AppliedToAll.apply(this.agent, new EndpointRequest("POST", "loggers/" + name, arguments, null))
			.require("Logger " + Untrusted.forLog(name) + " set to " + configuredLevel, logger);
	}

}
