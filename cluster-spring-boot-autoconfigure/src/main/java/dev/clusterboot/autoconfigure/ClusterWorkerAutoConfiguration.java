package dev.clusterboot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.worker.Draining;
import dev.clusterboot.worker.ListenerCloser;
import dev.clusterboot.worker.ListenersClosingFirst;
import dev.clusterboot.worker.ReactiveConnectionCloseFilter;
import dev.clusterboot.worker.ReadinessReporter;
import dev.clusterboot.worker.ServletConnectionCloseFilter;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Wires a worker, whatever its class path: readiness reports to the supervisor, and the
 * drain when the worker leaves (listeners closed first, then responses with
 * {@code Connection: close}). The servlet and reactive filters of the drain each sit in a
 * configuration that loads only when its stack is there; the web servers' port sharing
 * has an auto-configuration per server.
 *
 * <p>
 * Active only in a worker JVM, where the launcher registered the {@link WorkerAgent}.
 */
@AutoConfiguration
@ConditionalOnBean(WorkerAgent.class)
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterWorkerAutoConfiguration {

	@Bean
	ReadinessReporter clusterReadinessReporter(WorkerAgent agent) {
		return new ReadinessReporter(agent);
	}

	@Bean
	Draining clusterDraining(ClusterProperties properties) {
		return new Draining(properties.getDrainPeriod());
	}

	@Bean
	ListenersClosingFirst clusterListenersClosingFirst(ObjectProvider<ListenerCloser> closers, Draining draining) {
		return new ListenersClosingFirst(closers.orderedStream().toList(), draining);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletDrainConfiguration {

		@Bean
		ServletConnectionCloseFilter clusterConnectionCloseFilter(Draining draining) {
			return new ServletConnectionCloseFilter(draining);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono" })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveDrainConfiguration {

		@Bean
		ReactiveConnectionCloseFilter clusterReactiveConnectionCloseFilter(Draining draining) {
			return new ReactiveConnectionCloseFilter(draining);
		}

	}

}
