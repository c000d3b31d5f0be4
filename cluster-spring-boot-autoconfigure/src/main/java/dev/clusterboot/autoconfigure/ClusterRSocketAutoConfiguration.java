package dev.clusterboot.autoconfigure;

import java.util.Locale;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.server.rsocket.RSocketDrain;
import dev.clusterboot.server.rsocket.RSocketPortSharing;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker with Spring Boot's standalone RSocket server
 * ({@code spring.rsocket.server.port} set): the shared RSocket port, by the mechanism in
 * force, and the server's part in the drain.
 */
@AutoConfiguration
@ConditionalOnBean(WorkerAgent.class)
@ConditionalOnClass(name = "org.springframework.boot.rsocket.netty.NettyRSocketServerFactory")
@ConditionalOnProperty("spring.rsocket.server.port")
public final class ClusterRSocketAutoConfiguration {

	/**
	 * Static, as a post-processor: reads {@code cluster.port-sharing} as the worker
	 * settled it.
	 */
	@Bean
	static RSocketPortSharing clusterRSocketPortSharing(Environment environment) {
		PortSharing mechanism = PortSharing.valueOf(
				environment.getRequiredProperty("cluster.port-sharing").toUpperCase(Locale.ROOT).replace('-', '_'));
		return new RSocketPortSharing(mechanism,
				environment.getRequiredProperty(SharedServer.RSOCKET.portProperty(), Integer.class),
				environment.getProperty(SharedServer.RSOCKET.addressProperty()));
	}

	@Bean
	RSocketDrain clusterRSocketDrain(WorkerAgent agent, Environment environment) {
		return new RSocketDrain(agent,
				environment.getProperty(SharedServer.RSOCKET.publicPortProperty(), Integer.class, 0));
	}

}
