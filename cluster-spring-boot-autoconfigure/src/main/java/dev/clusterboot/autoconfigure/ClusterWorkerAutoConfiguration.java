package dev.clusterboot.autoconfigure;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.ClusterProperties;
import dev.clusterboot.portsharing.JettyPortSharing;
import dev.clusterboot.portsharing.NettyPortSharing;
import dev.clusterboot.portsharing.TomcatPortSharing;
import dev.clusterboot.actuate.ClusterEndpoint;
import dev.clusterboot.actuate.ClusterHealthIndicator;
import dev.clusterboot.actuate.ClusterInfoContributor;
import dev.clusterboot.messaging.ClusterMessenger;
import dev.clusterboot.worker.Draining;
import dev.clusterboot.worker.ListenerCloser;
import dev.clusterboot.worker.ListenersClosingFirst;
import dev.clusterboot.worker.ReactiveConnectionCloseFilter;
import dev.clusterboot.worker.ServletConnectionCloseFilter;
import dev.clusterboot.worker.ReadinessReporter;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Wires a worker: readiness reports to the supervisor, the {@code cluster} Actuator endpoint, and
 * for the app's web server the port-sharing mechanism in force and the drain when the worker
 * leaves (listener closed first, then responses with {@code Connection: close}).
 *
 * <p>Active only in a worker JVM, where the launcher registered the {@link WorkerAgent}.
 */
@AutoConfiguration
@ConditionalOnBean(WorkerAgent.class)
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterWorkerAutoConfiguration {

	private static final String REUSEPORT = "reuseport";

	private static final String SHARED_SOCKET = "shared-socket";

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

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	ServletConnectionCloseFilter clusterConnectionCloseFilter(Draining draining) {
		return new ServletConnectionCloseFilter(draining);
	}

	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	ReactiveConnectionCloseFilter clusterReactiveConnectionCloseFilter(Draining draining) {
		return new ReactiveConnectionCloseFilter(draining);
	}

	@Bean
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	@ConditionalOnAvailableEndpoint
	ClusterEndpoint clusterEndpoint(WorkerAgent agent, ObjectProvider<ClusterMessenger> messenger) {
		return new ClusterEndpoint(agent, messenger.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
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

	private static Supplier<WebServer> webServer(ApplicationContext context) {
		return () -> (context instanceof WebServerApplicationContext web) ? web.getWebServer() : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatWebServer")
	static class TomcatWorkerConfiguration {

		@Bean
		@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = REUSEPORT)
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> clusterTomcatReusePort() {
			return TomcatPortSharing::reusePort;
		}

		@Bean
		@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = SHARED_SOCKET)
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> clusterTomcatSharedSocket() {
			return TomcatPortSharing::sharedSocket;
		}

		@Bean
		ListenerCloser clusterTomcatListenerCloser(ApplicationContext context) {
			return TomcatPortSharing.listenerCloser(webServer(context));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.jetty.JettyWebServer")
	static class JettyWorkerConfiguration {

		@Bean
		@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = REUSEPORT)
		WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> clusterJettyReusePort() {
			return (factory) -> factory.addServerCustomizers(JettyPortSharing.reusePort());
		}

		@Bean
		@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = SHARED_SOCKET)
		WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> clusterJettySharedSocket() {
			return (factory) -> factory.addServerCustomizers(JettyPortSharing.sharedSocket());
		}

		@Bean
		ListenerCloser clusterJettyListenerCloser(ApplicationContext context) {
			return JettyPortSharing.listenerCloser(webServer(context));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory")
	static class NettyWorkerConfiguration {

		@Bean
		@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = REUSEPORT)
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettyReusePort() {
			return (factory) -> factory.addServerCustomizers(NettyPortSharing.reusePort());
		}

		@Bean
		@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = SHARED_SOCKET)
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettySharedSocket() {
			return NettyPortSharing::sharedSocket;
		}

		@Bean
		NettyPortSharing.Listener clusterNettyListener() {
			return new NettyPortSharing.Listener();
		}

		@Bean
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettyListenerCustomizer(
				NettyPortSharing.Listener listener) {
			return (factory) -> factory.addServerCustomizers(listener);
		}

	}

}
