package dev.clusterboot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.clusterboot.drain.Drain;
import dev.clusterboot.drain.DrainState;
import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.drain.Streams;
import dev.clusterboot.drain.reactive.ReactiveDrainFilter;
import dev.clusterboot.drain.reactive.ReactiveWebSockets;
import dev.clusterboot.drain.servlet.MvcStreams;
import dev.clusterboot.drain.servlet.RequestActivityFilter;
import dev.clusterboot.drain.servlet.ServletWebSockets;
import dev.clusterboot.worker.ReadinessReporter;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Wires a worker, whatever its class path: readiness reports to the supervisor, and the
 * drain when the worker leaves. The servlet and reactive parts of the drain each sit in a
 * configuration that loads only when its stack is there (Spring MVC's streams and
 * WebSocket sessions only where those are); the web servers' port sharing, and their part
 * in the drain, have an auto-configuration per server.
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
	DrainState clusterDrainState() {
		return new DrainState();
	}

	@Bean
	Drain clusterDrain(ObjectProvider<DrainingServer> servers, ObjectProvider<Streams> streams, DrainState state,
			ClusterProperties properties) {
		return new Drain(servers.orderedStream().toList(), streams.orderedStream().toList(), state,
				properties.getDrainPeriod(), properties.drainTimeoutOrDefault());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletDrainConfiguration {

		@Bean
		RequestActivityFilter clusterRequestActivityFilter(DrainState state) {
			return new RequestActivityFilter(state);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
		static class MvcStreamsConfiguration {

			@Bean
			MvcStreams clusterMvcStreams() {
				return new MvcStreams();
			}

			@Bean
			WebMvcConfigurer clusterMvcStreamsConfigurer(MvcStreams streams) {
				return new WebMvcConfigurer() {

					@Override
					public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
						configurer.registerDeferredResultInterceptors(streams);
					}

				};
			}

			@Bean
			static BeanPostProcessor clusterEmitterRecording() {
				return MvcStreams.emitterRecording();
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.web.socket.server.support.WebSocketHttpRequestHandler")
		static class ServletWebSocketsConfiguration {

			@Bean
			static ServletWebSockets clusterServletWebSockets() {
				return new ServletWebSockets();
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono" })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveDrainConfiguration {

		@Bean
		ReactiveDrainFilter clusterReactiveDrainFilter(DrainState state) {
			return new ReactiveDrainFilter(state);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter")
		static class ReactiveWebSocketsConfiguration {

			@Bean
			static ReactiveWebSockets clusterReactiveWebSockets() {
				return new ReactiveWebSockets();
			}

		}

	}

}
