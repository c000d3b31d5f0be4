package dev.clusterboot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.actuate.ClusterEndpoint;
import dev.clusterboot.actuate.ClusterHealthIndicator;
import dev.clusterboot.actuate.ClusterInfoContributor;
import dev.clusterboot.messaging.ClusterMessenger;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker with Actuator: the {@code cluster} endpoint, the {@code cluster} health
 * component and the {@code cluster} info contributor, each under Actuator's own
 * conditions.
 */
@AutoConfiguration(after = ClusterMessagingAutoConfiguration.class)
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint
	ClusterEndpoint clusterEndpoint(WorkerAgent agent, ObjectProvider<ClusterMessenger> messenger) {
		return new ClusterEndpoint(agent, messenger.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
			"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
	static class HealthConfiguration {

		@Bean
		@ConditionalOnEnabledHealthIndicator("cluster")
		ClusterHealthIndicator clusterHealthIndicator(WorkerAgent agent, ClusterProperties properties) {
			return new ClusterHealthIndicator(agent, properties.getHealth().getReadyThreshold());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
	static class InfoConfiguration {

		@Bean
		@ConditionalOnEnabledInfoContributor("cluster")
		ClusterInfoContributor clusterInfoContributor(WorkerAgent agent) {
			return new ClusterInfoContributor(agent);
		}

	}

}
