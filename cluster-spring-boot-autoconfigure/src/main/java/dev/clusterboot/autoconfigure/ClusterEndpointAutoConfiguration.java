package dev.clusterboot.autoconfigure;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.logging.LoggersEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.actuate.ClusterEndpoint;
import dev.clusterboot.actuate.ClusterEndpointWebExtension;
import dev.clusterboot.actuate.ClusterHealthIndicator;
import dev.clusterboot.actuate.ClusterInfoContributor;
import dev.clusterboot.actuate.ClusterLoggersWebExtension;
import dev.clusterboot.actuate.ClusterMetricsWebExtension;
import dev.clusterboot.actuate.LocalEndpoints;
import dev.clusterboot.messaging.ClusterMessenger;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker with Actuator: the {@code cluster} endpoint and its web extension, the
 * {@code cluster} health component and the {@code cluster} info contributor, each under
 * Actuator's own conditions; the worker's own endpoints answering the other workers'
 * requests for it; the {@code loggers} writes applied to every worker and the
 * {@code metrics} reads merged from every worker, where those endpoints exist.
 */
@AutoConfiguration(after = ClusterMessagingAutoConfiguration.class,
		afterName = {
				"org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.logging.LoggersEndpointAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsEndpointAutoConfiguration" })
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LocalEndpoints clusterLocalEndpoints(WorkerAgent agent, ObjectProvider<WebEndpointsSupplier> endpoints,
			ObjectProvider<EndpointJsonMapper> json, ObjectProvider<WebEndpointProperties> web) {
		WebEndpointProperties properties = web.getIfAvailable();
		String basePath = (properties != null) ? properties.getBasePath() : "/actuator";
		// Read when a request comes, long after the endpoints, this one's users among
		// them, are discovered.
		LocalEndpoints local = new LocalEndpoints(() -> {
			WebEndpointsSupplier supplier = endpoints.getIfAvailable();
			return (supplier != null) ? supplier.getEndpoints() : List.of();
		}, jsonMapper(json), basePath + "/cluster/workers/" + agent.instance());
		agent.answerEndpoints(local);
		return local;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ClusterEndpoint clusterEndpoint(WorkerAgent agent, ObjectProvider<ClusterMessenger> messenger) {
		return new ClusterEndpoint(agent, messenger.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ClusterEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ClusterEndpointWebExtension clusterEndpointWebExtension(ClusterEndpoint endpoint, WorkerAgent agent,
			LocalEndpoints local, ObjectProvider<EndpointJsonMapper> json) {
		return new ClusterEndpointWebExtension(endpoint, agent, local, jsonMapper(json));
	}

	private static JsonMapper jsonMapper(ObjectProvider<EndpointJsonMapper> json) {
		EndpointJsonMapper mapper = json.getIfAvailable();
		return (mapper != null) ? mapper.get() : JsonMapper.shared();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.logging.LoggersEndpoint")
	static class LoggersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(LoggersEndpoint.class)
		ClusterLoggersWebExtension clusterLoggersWebExtension(LoggersEndpoint loggers, WorkerAgent agent) {
			return new ClusterLoggersWebExtension(loggers, agent);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MetricsEndpoint.class)
		ClusterMetricsWebExtension clusterMetricsWebExtension(MetricsEndpoint metrics, WorkerAgent agent,
				ObjectProvider<EndpointJsonMapper> json) {
			return new ClusterMetricsWebExtension(metrics, agent, jsonMapper(json));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
	static class HealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("cluster")
		@ConditionalOnMissingBean(name = "clusterHealthIndicator")
		ClusterHealthIndicator clusterHealthIndicator(WorkerAgent agent, ClusterProperties properties) {
			return new ClusterHealthIndicator(agent, properties.getHealth().getReadyThreshold());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
	static class InfoConfiguration {

		@Bean
		@ConditionalOnEnabledInfoContributor("cluster")
		@ConditionalOnMissingBean(name = "clusterInfoContributor")
		ClusterInfoContributor clusterInfoContributor(WorkerAgent agent) {
			return new ClusterInfoContributor(agent);
		}

	}

}
