package dev.clusterboot.autoconfigure;

import de.codecentric.boot.admin.client.registration.ApplicationFactory;
import de.codecentric.boot.admin.client.registration.ApplicationRegistrator;
import de.codecentric.boot.admin.client.registration.RegistrationApplicationListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

import dev.clusterboot.actuate.ClusterApplicationFactory;
import dev.clusterboot.actuate.LocalEndpoints;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker with Spring Boot Admin's client: each worker registers as an instance of
 * its own, at its own Actuator address ({@link ClusterApplicationFactory}), with nothing
 * in the app but the client's usual properties, and deregisters when its slot goes away.
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

	@Bean
	ApplicationListener<ContextClosedEvent> clusterAdminDeregistration(WorkerAgent agent,
			ObjectProvider<RegistrationApplicationListener> registration,
			ObjectProvider<ApplicationRegistrator> registrator) {
		return new AdminDeregistration(agent, registration, registrator);
	}

	/**
	 * A worker whose slot goes away (a scale-down) takes its instance out of Spring Boot
	 * Admin; one that a new JVM replaces leaves it for the new JVM, which registers the
	 * same instance again. So Spring Boot Admin's own deregistration, which cannot tell
	 * the two apart, is not used.
	 */
	static final class AdminDeregistration implements ApplicationListener<ContextClosedEvent> {

		private final WorkerAgent agent;

		private final ObjectProvider<RegistrationApplicationListener> registration;

		private final ObjectProvider<ApplicationRegistrator> registrator;

		AdminDeregistration(WorkerAgent agent, ObjectProvider<RegistrationApplicationListener> registration,
				ObjectProvider<ApplicationRegistrator> registrator) {
			this.agent = agent;
			this.registration = registration;
			this.registrator = registrator;
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			if (!this.agent.isRetiring()) {
				return;
			}
			// First no more registrations, or the next one would bring the instance back.
			this.registration.ifAvailable(RegistrationApplicationListener::stopRegisterTask);
			this.registrator.ifAvailable(ApplicationRegistrator::deregister);
		}

	}

}
