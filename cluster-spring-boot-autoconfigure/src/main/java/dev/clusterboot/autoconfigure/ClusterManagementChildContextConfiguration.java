package dev.clusterboot.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.server.jetty.JettyPortSharing;
import dev.clusterboot.server.netty.NettyPortSharing;
import dev.clusterboot.worker.WorkerAgent;

/**
 * A worker's management server of its own ({@code management.server.port}), which the
 * supervisor relays: it reads the PROXY protocol header with the client's address, where
 * the server can (Jetty, Reactor Netty; Tomcat cannot).
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnBean(WorkerAgent.class)
public final class ClusterManagementChildContextConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.jetty.JettyWebServer")
	static class JettyConfiguration {

		@Bean
		WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> clusterJettyManagementProxyProtocol(
				WorkerAgent agent) {
			return (factory) -> factory
				.addServerCustomizers(JettyPortSharing.proxyProtocol(() -> agent.acceptsProxyProtocol(true)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory")
	static class NettyConfiguration {

		@Bean
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> clusterNettyManagementProxyProtocol(
				WorkerAgent agent) {
			return (factory) -> factory
				.addServerCustomizers(NettyPortSharing.proxyProtocol(() -> agent.acceptsProxyProtocol(true)));
		}

	}

}
