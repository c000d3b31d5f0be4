package dev.clusterboot.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.messaging.ClusterMessaging;
import dev.clusterboot.messaging.ClusterMessenger;
import dev.clusterboot.worker.WorkerAgent;

/**
 * The {@link ClusterMessaging} bean, in every app with the starter: over the supervisor
 * in a worker, local in a single process or a test. With Micrometer, its drops are
 * counted.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterMessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ClusterMessaging.class)
	ClusterMessenger clusterMessaging(ObjectProvider<WorkerAgent> agent, ObjectProvider<JsonMapper> json,
			ApplicationEventPublisher publisher, ClusterProperties properties,
			@Value("${cluster.instance-id:0}") int instance) {
		MessagingProperties messaging = properties.getMessaging();
		return ClusterMessenger.create(agent.getIfAvailable(), instance,
				json.getIfAvailable(() -> JsonMapper.builder().build()), publisher, messaging.getMaxSize().toBytes(),
				messaging.getQueueCapacity());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	static class MessagingMetricsConfiguration {

		@Bean
		MeterBinder clusterMessagingMeters(ObjectProvider<ClusterMessenger> messenger) {
			return (registry) -> messenger.ifAvailable((available) -> FunctionCounter
				.builder("cluster.messages.dropped", available, ClusterMessenger::droppedMessages)
				.description("Cluster messages dropped because a queue was full: at the supervisor, or in the worker")
				.tag("queue", "delivery")
				.register(registry));
		}

	}

}
