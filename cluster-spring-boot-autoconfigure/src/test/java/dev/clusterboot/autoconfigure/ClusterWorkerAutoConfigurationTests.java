package dev.clusterboot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import dev.clusterboot.actuate.ClusterHealthIndicator;
import dev.clusterboot.actuate.ClusterInfoContributor;
import dev.clusterboot.actuate.ClusterScrapeEndpoint;
import dev.clusterboot.autoconfigure.ClusterProperties;
import dev.clusterboot.channel.RecordingListener;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.server.grpc.GrpcDrain;
import dev.clusterboot.server.grpc.GrpcPortSharing;
import dev.clusterboot.server.netty.NettyPortSharing;
import dev.clusterboot.server.rsocket.RSocketDrain;
import dev.clusterboot.server.rsocket.RSocketPortSharing;
import dev.clusterboot.server.tomcat.ReusePortHttp11NioProtocol;
import dev.clusterboot.testsupport.ConnectedWorker;
import dev.clusterboot.worker.ReadinessReporter;
import dev.clusterboot.worker.WorkerAgent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker auto-configuration, with a real {@link WorkerAgent} connected to a real
 * channel.
 */
class ClusterWorkerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class,
				ClusterTomcatAutoConfiguration.class, ClusterJettyAutoConfiguration.class,
				ClusterNettyAutoConfiguration.class, ClusterEndpointAutoConfiguration.class));

	private final RecordingListener supervisor = new RecordingListener();

	private final List<ToSupervisor> received = this.supervisor.received;

	private ConnectedWorker worker;

	private WorkerAgent agent;

	@BeforeEach
	void connectAWorker() throws IOException {
		this.worker = ConnectedWorker.connect(this.supervisor);
		this.agent = this.worker.agent();
	}

	@AfterEach
	void disconnect() {
		this.worker.close();
	}

	@Test
	void outsideAWorkerNothingIsWired() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(ReadinessReporter.class);
			assertThat(context).doesNotHaveBean(DrainingServer.class);
			assertThat(context).doesNotHaveBean(ClusterProperties.class);
		});
	}

	@Test
	void aWorkerReportsOnlineWhenReadinessAcceptsTraffic() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent).run((context) -> {
			assertThat(context).hasSingleBean(ReadinessReporter.class);
			assertThat(this.received).isEmpty();
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.received.isEmpty());
			assertThat(this.received.get(0)).isInstanceOfSatisfying(ToSupervisor.Online.class,
					(online) -> assertThat(online.pid()).isEqualTo(ProcessHandle.current().pid()));
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void underReusePortTomcatBindsWithTheReusePortProtocol() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("cluster.port-sharing=reuseport")
			.run((context) -> {
				TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
				context.getBean("clusterTomcatReusePort", WebServerFactoryCustomizer.class).customize(factory);
				assertThat(factory.getProtocol()).isEqualTo(ReusePortHttp11NioProtocol.class.getName());
				assertThat(context).hasBean("clusterJettyReusePort").hasBean("clusterNettyReusePort");
			});
	}

	@Test
	void behindTheProxyNoServerBindsWithReusePortButListenersStillClose() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("cluster.port-sharing=proxy")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("clusterTomcatReusePort")
					.doesNotHaveBean("clusterJettyReusePort")
					.doesNotHaveBean("clusterNettyReusePort");
				assertThat(context.getBeansOfType(DrainingServer.class)).containsOnlyKeys("clusterTomcatDrainingServer",
						"clusterJettyDrainingServer", "clusterNettyListener");
			});
	}

	@Test
	void closingTheContextClosesTheListenersFirst() {
		List<String> order = new CopyOnWriteArrayList<>();
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withBean("testServer", DrainingServer.class, () -> new DrainingServer() {

				@Override
				public boolean leave() {
					return order.add("listener closed");
				}

				@Override
				public int openConnections() {
					return 0;
				}

			})
			.withBean(Lifecycle.class, () -> new Lifecycle(order))
			.run((context) -> {
				assertThat(order).isEmpty();
				context.close();
				assertThat(order).containsExactly("listener closed", "lifecycle stopped");
			});
	}

	@Test
	@SuppressWarnings("unchecked")
	void nettyWorkersCloseAKeptAliveConnectionAfterTheLimitUnlessTold() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent).run((context) -> {
			NettyReactiveWebServerFactory netty = new NettyReactiveWebServerFactory();
			context.getBean("clusterNettyMaxKeepAliveRequests", WebServerFactoryCustomizer.class).customize(netty);
			assertThat(netty.getServerCustomizers()).singleElement()
				.satisfies((customizer) -> assertThat(
						customizer.apply(HttpServer.create()).configuration().maxKeepAliveRequests())
					.isEqualTo(100));
		});
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("cluster.max-keep-alive-requests=-1")
			.run((context) -> {
				NettyReactiveWebServerFactory netty = new NettyReactiveWebServerFactory();
				context.getBean("clusterNettyMaxKeepAliveRequests", WebServerFactoryCustomizer.class).customize(netty);
				assertThat(netty.getServerCustomizers()).isEmpty();
			});
		// Spring Boot's own property for Reactor Netty wins: its customizer applies it.
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("server.netty.max-keep-alive-requests=7")
			.run((context) -> {
				NettyReactiveWebServerFactory netty = new NettyReactiveWebServerFactory();
				context.getBean("clusterNettyMaxKeepAliveRequests", WebServerFactoryCustomizer.class).customize(netty);
				assertThat(netty.getServerCustomizers()).isEmpty();
			});
	}

	@Test
	void onlyTheServersOnTheClassPathAreWired() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("cluster.port-sharing=reuseport")
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.jetty.", "org.springframework.boot.tomcat."))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("clusterTomcatReusePort").doesNotHaveBean("clusterJettyReusePort");
				assertThat(context).hasSingleBean(NettyPortSharing.Listener.class).hasBean("clusterNettyReusePort");
			});
	}

	@Test
	void inAWorkerTheClusterWideScrapeTakesThePlaceOfSpringBootsPrometheusEndpoint() {
		withPrometheus(this.runner.withBean(WorkerAgent.class, () -> this.agent))
			.run((context) -> assertThat(context).getBean(PrometheusScrapeEndpoint.class)
				.isInstanceOf(ClusterScrapeEndpoint.class));
	}

	@Test
	void outsideAWorkerSpringBootsPrometheusEndpointStays() {
		withPrometheus(this.runner).run((context) -> assertThat(context).getBean(PrometheusScrapeEndpoint.class)
			.isExactlyInstanceOf(PrometheusScrapeEndpoint.class));
	}

	@Test
	void aUsersOwnClusterWideScrapeTakesThePlaceOfOurs() {
		withPrometheus(this.runner.withBean(WorkerAgent.class, () -> this.agent))
			.withBean("ownScrape", ClusterScrapeEndpoint.class,
					() -> new ClusterScrapeEndpoint(new PrometheusRegistry(), null, this.agent, Duration.ofSeconds(1)))
			.run((context) -> assertThat(context).hasSingleBean(PrometheusScrapeEndpoint.class).hasBean("ownScrape"));
	}

	private static ApplicationContextRunner withPrometheus(ApplicationContextRunner runner) {
		return runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					PrometheusMetricsExportAutoConfiguration.class, ClusterMetricsAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=prometheus");
	}

	@Test
	void theGrpcServersPartIsWiredOnlyWhereTheAppHasAGrpcServer() {
		ApplicationContextRunner grpc = this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("cluster.port-sharing=reuseport", "spring.grpc.server.port=0")
			.withBean(SslBundles.class, DefaultSslBundleRegistry::new)
			.withConfiguration(
					AutoConfigurations.of(GrpcServerAutoConfiguration.class, ClusterGrpcAutoConfiguration.class));
		// Spring Boot defines a gRPC server only for an app with a service.
		grpc.run((context) -> assertThat(context).doesNotHaveBean(GrpcDrain.class)
			.doesNotHaveBean(GrpcPortSharing.class));
		grpc.withBean(BindableService.class, () -> () -> ServerServiceDefinition.builder("test.Service").build())
			.run((context) -> assertThat(context).hasSingleBean(GrpcDrain.class)
				.hasSingleBean(GrpcPortSharing.class)
				.getBeans(DrainingServer.class)
				.containsKey("clusterGrpcDrain"));
	}

	@Test
	void theRSocketServersPartIsWiredOnlyWhereTheAppSetsItsPort() {
		ApplicationContextRunner rsocket = this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("cluster.port-sharing=reuseport")
			.withConfiguration(AutoConfigurations.of(ClusterRSocketAutoConfiguration.class));
		rsocket.run((context) -> assertThat(context).doesNotHaveBean(RSocketDrain.class));
		rsocket.withPropertyValues("spring.rsocket.server.port=7000")
			.run((context) -> assertThat(context).hasSingleBean(RSocketDrain.class)
				.hasSingleBean(RSocketPortSharing.class));
	}

	@Test
	void theHealthComponentAndTheInfoAreThereUnlessDisabled() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent).run((context) -> {
			assertThat(context).hasSingleBean(ClusterHealthIndicator.class);
			assertThat(context).hasSingleBean(ClusterInfoContributor.class);
		});
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("management.health.cluster.enabled=false", "management.info.cluster.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class);
				assertThat(context).doesNotHaveBean(ClusterInfoContributor.class);
			});
	}

	/**
	 * Stands for the web server's graceful shutdown, a SmartLifecycle that stops later.
	 */
	static final class Lifecycle implements org.springframework.context.SmartLifecycle {

		private final List<String> order;

		private volatile boolean running;

		Lifecycle(List<String> order) {
			this.order = order;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.order.add("lifecycle stopped");
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return org.springframework.boot.web.server.context.WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
		}

	}

}
