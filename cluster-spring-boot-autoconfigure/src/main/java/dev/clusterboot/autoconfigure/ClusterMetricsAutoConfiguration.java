package dev.clusterboot.autoconfigure;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.ConditionalOnEnabledMetricsExport;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;

import dev.clusterboot.actuate.ClusterScrapeEndpoint;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker, puts the cluster-wide {@link ClusterScrapeEndpoint} in place of Spring
 * Boot's {@code prometheus} endpoint, under the same conditions; Spring Boot's backs off
 * because a {@link PrometheusScrapeEndpoint} exists.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration")
@ConditionalOnBean({ WorkerAgent.class, io.micrometer.core.instrument.Clock.class })
@ConditionalOnClass(name = { "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
		"org.springframework.boot.actuate.endpoint.annotation.Endpoint" })
@ConditionalOnEnabledMetricsExport("prometheus")
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint(endpoint = PrometheusScrapeEndpoint.class)
	@ConditionalOnMissingBean
	ClusterScrapeEndpoint clusterPrometheusEndpoint(PrometheusRegistry registry, PrometheusConfig config,
			WorkerAgent agent, ClusterProperties properties) {
		return new ClusterScrapeEndpoint(registry, config.prometheusProperties(), agent, properties.getScrapeTimeout());
	}

}
