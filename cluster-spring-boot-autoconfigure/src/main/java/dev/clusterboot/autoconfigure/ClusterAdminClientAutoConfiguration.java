package dev.clusterboot.autoconfigure;

import de.codecentric.boot.admin.client.registration.ApplicationFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.clusterboot.actuate.ClusterApplicationFactory;
import dev.clusterboot.actuate.LocalEndpoints;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker with Spring Boot Admin's client: each worker registers as an instance of
 * its own, at its own Actuator address ({@link ClusterApplicationFactory}), with nothing
 * in the app but the client's usual properties.
 */
@AutoConfiguration(after = ClusterEndpointAutoConfiguration.class)
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = "de.codecentric.boot.admin.client.registration.ApplicationFactory")
public final class ClusterAdminClientAutoConfiguration {

	@Bean
	static BeanPostProcessor clusterAdminApplicationFactory(ObjectProvider<WorkerAgent> agent,
			ObjectProvider<LocalEndpoints> local) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof ApplicationFactory factory) || bean instanceof ClusterApplicationFactory) {
					return bean;
				}
				// Only now: asked for every bean, it would take part in their creation.
				LocalEndpoints endpoints = local.getIfAvailable();
				return (endpoints != null)
						? new ClusterApplicationFactory(factory, agent.getObject().instance(), endpoints) : factory;
			}

		};
	}

}
