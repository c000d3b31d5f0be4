package dev.clusterboot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.server.grpc.GrpcDrain;
import dev.clusterboot.server.grpc.GrpcPortSharing;
import dev.clusterboot.worker.WorkerAgent;

/**
 * In a worker with Spring Boot's gRPC server on Netty: the shared gRPC port, by the
 * mechanism in force, and the gRPC server's part in the drain. After Spring Boot's gRPC
 * server auto-configuration, which defines the server only where the app has a service.
 */
@AutoConfiguration(afterName = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration")
@ConditionalOnClass(
		name = { "io.grpc.netty.NettyServerBuilder", "org.springframework.grpc.server.lifecycle.GrpcServerLifecycle" })
@ConditionalOnBean(value = WorkerAgent.class, type = "org.springframework.grpc.server.lifecycle.GrpcServerLifecycle")
public final class ClusterGrpcAutoConfiguration {

	@Bean
	GrpcPortSharing clusterGrpcPortSharing(ClusterProperties properties, Environment environment) {
		return new GrpcPortSharing(properties.getPortSharing(), port(environment));
	}

	@Bean
	GrpcDrain clusterGrpcDrain(WorkerAgent agent, Environment environment) {
		// Behind the proxy the server listens on a loopback port of its own; the public
		// one is the port the app set.
		return new GrpcDrain(agent, environment.getProperty(SharedServer.GRPC.publicPortProperty(), Integer.class, 0));
	}

	private static int port(Environment environment) {
		Integer port = SharedServer.GRPC.defaultPort();
		return environment.getProperty(SharedServer.GRPC.portProperty(), Integer.class, (port != null) ? port : 0);
	}

}
