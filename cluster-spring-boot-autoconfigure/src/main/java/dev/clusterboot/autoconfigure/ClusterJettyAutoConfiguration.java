package dev.clusterboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.clusterboot.drain.DrainState;
import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.server.jetty.JettyPortSharing;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker on Jetty: the port-sharing mechanism in force, connections closed after
 * {@code cluster.max-keep-alive-requests}, and Jetty's part in the drain when the worker
 * leaves.
 */
@AutoConfiguration
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = "org.springframework.boot.jetty.JettyWebServer")
public final class ClusterJettyAutoConfiguration {

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.REUSEPORT)
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> clusterJettyReusePort() {
		return (factory) -> factory.addServerCustomizers(JettyPortSharing.reusePort());
	}

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.SHARED_SOCKET)
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> clusterJettySharedSocket(WorkerAgent agent) {
		return (factory) -> factory.addServerCustomizers(JettyPortSharing.sharedSocket(agent.slowStart().limit()));
	}

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.PROXY)
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> clusterJettyProxyProtocol(WorkerAgent agent) {
		return (factory) -> factory
			.addServerCustomizers(JettyPortSharing.proxyProtocol(() -> agent.acceptsProxyProtocol(false)));
	}

	@Bean
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> clusterJettyConnectionClose(
			ClusterProperties properties, DrainState drain) {
		return (factory) -> factory
			.addServerCustomizers(JettyPortSharing.connectionClose(properties.getMaxKeepAliveRequests(), drain));
	}

	@Bean
	DrainingServer clusterJettyDrainingServer(ApplicationContext context) {
		return JettyPortSharing.drainingServer(WebServers.of(context));
	}

}
