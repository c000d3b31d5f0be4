package dev.clusterboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.clusterboot.server.netty.NettyPortSharing;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker on Reactor Netty: the port-sharing mechanism in force, and Reactor Netty's
 * part in the drain when the worker leaves.
 */
@AutoConfiguration
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory")
public final class ClusterNettyAutoConfiguration {

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.REUSEPORT)
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettyReusePort() {
		return (factory) -> factory.addServerCustomizers(NettyPortSharing.reusePort());
	}

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.SHARED_SOCKET)
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettySharedSocket(WorkerAgent agent) {
		return (factory) -> NettyPortSharing.sharedSocket(factory, agent.slowStart().limit());
	}

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.PROXY)
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettyProxyProtocol(WorkerAgent agent) {
		return (factory) -> factory
			.addServerCustomizers(NettyPortSharing.proxyProtocol(() -> agent.acceptsProxyProtocol(false)));
	}

	/**
	 * Spring Boot's own property, where it is set, is applied by Spring Boot's customizer
	 * and wins.
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettyMaxKeepAliveRequests(
			ClusterProperties properties, Environment environment) {
		int max = properties.getMaxKeepAliveRequests();
		return (factory) -> {
			if (max != -1 && !environment.containsProperty("server.netty.max-keep-alive-requests")) {
				factory.addServerCustomizers(NettyPortSharing.maxKeepAliveRequests(max));
			}
		};
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
