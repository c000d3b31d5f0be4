package dev.clusterboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.server.tomcat.TomcatPortSharing;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker on Tomcat: the port-sharing mechanism in force, and Tomcat's part in the
 * drain when the worker leaves.
 */
@AutoConfiguration
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = "org.springframework.boot.tomcat.TomcatWebServer")
public final class ClusterTomcatAutoConfiguration {

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.REUSEPORT)
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> clusterTomcatReusePort() {
		return TomcatPortSharing::reusePort;
	}

	@Bean
	@ConditionalOnProperty(name = "cluster.port-sharing", havingValue = WebServers.SHARED_SOCKET)
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> clusterTomcatSharedSocket(WorkerAgent agent) {
		return (factory) -> TomcatPortSharing.sharedSocket(factory, agent.slowStart().limit());
	}

	@Bean
	DrainingServer clusterTomcatDrainingServer(ApplicationContext context) {
		return TomcatPortSharing.drainingServer(WebServers.of(context));
	}

}
