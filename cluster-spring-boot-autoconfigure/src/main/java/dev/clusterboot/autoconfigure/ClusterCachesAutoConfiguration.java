package dev.clusterboot.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.context.annotation.Bean;

import dev.clusterboot.actuate.ClusterCachesWebExtension;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker with Actuator's {@code caches} endpoint on the web: evictions applied to
 * every worker. Before Spring Boot's own configuration of the endpoint, whose web
 * extension then backs off for this one, under the same conditions.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration")
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = { "org.springframework.cache.CacheManager",
		"org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
public final class ClusterCachesAutoConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint(endpoint = CachesEndpoint.class, exposure = EndpointExposure.WEB)
	@ConditionalOnMissingBean
	ClusterCachesWebExtension clusterCachesWebExtension(CachesEndpoint caches, WorkerAgent agent) {
		return new ClusterCachesWebExtension(caches, agent);
	}

}
