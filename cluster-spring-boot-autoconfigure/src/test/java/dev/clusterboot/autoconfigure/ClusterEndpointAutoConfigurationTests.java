package dev.clusterboot.autoconfigure;

import java.io.IOException;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.logging.LoggersEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.management.ThreadDumpEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.actuate.logging.LoggersEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsEndpointAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.actuate.ClusterCachesWebExtension;
import dev.clusterboot.actuate.ClusterEndpoint;
import dev.clusterboot.actuate.ClusterEndpointWebExtension;
import dev.clusterboot.actuate.ClusterHealthIndicator;
import dev.clusterboot.actuate.ClusterInfoContributor;
import dev.clusterboot.actuate.ClusterLoggersWebExtension;
import dev.clusterboot.actuate.ClusterMetricsWebExtension;
import dev.clusterboot.actuate.LocalEndpoints;
import dev.clusterboot.channel.RecordingListener;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.testsupport.ConnectedWorker;
import dev.clusterboot.worker.WorkerAgent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator across the cluster, a worker's side, with a real {@link WorkerAgent} on a real
 * channel and Actuator's own web endpoints: what other workers' requests for this one
 * get.
 */
class ClusterEndpointAutoConfigurationTests {

	private static final String LOGGER = "dev.clusterboot.test.endpoints";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				LoggersEndpointAutoConfiguration.class, ClusterEndpointAutoConfiguration.class))
		.withBean(LoggingSystem.class, () -> LoggingSystem.get(getClass().getClassLoader()))
		.withPropertyValues("management.endpoints.web.exposure.include=cluster,loggers");

	private ConnectedWorker worker;

	private WorkerAgent agent;

	@BeforeEach
	void connectAWorker() throws IOException {
		this.worker = ConnectedWorker.connect(new RecordingListener());
		this.agent = this.worker.agent();
	}

	@AfterEach
	void disconnect() {
		this.worker.close();
	}

	@Test
	void aUsersOwnClusterHealthIndicatorAndInfoContributorTakeThePlaceOfOurs() {
		HealthIndicator health = () -> Health.up().withDetail("own", true).build();
		InfoContributor info = (builder) -> builder.withDetail("own", true);
		this.runner.withBean(WorkerAgent.class, () -> this.agent).run((context) -> {
			assertThat(context).hasSingleBean(ClusterHealthIndicator.class).hasSingleBean(ClusterInfoContributor.class);
		});
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withBean("clusterHealthIndicator", HealthIndicator.class, () -> health)
			.withBean("clusterInfoContributor", InfoContributor.class, () -> info)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class)
					.doesNotHaveBean(ClusterInfoContributor.class);
				assertThat(context.getBean("clusterHealthIndicator")).isSameAs(health);
				assertThat(context.getBean("clusterInfoContributor")).isSameAs(info);
			});
	}

	@Test
	void theClusterEndpointIsServedOverTheWebByItsExtensionWhichAnswersWithStatuses() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("management.endpoint.cluster.access=UNRESTRICTED")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClusterEndpoint.class)
					.hasSingleBean(ClusterEndpointWebExtension.class);
				ExposableWebEndpoint cluster = endpoint(context.getBean(WebEndpointsSupplier.class), "cluster");
				// Each of the endpoint's request predicates once: the extension's
				// operation
				// took its place, and the web-only ones are added.
				assertThat(cluster.getOperations()).extracting(WebOperation::getRequestPredicate)
					.doesNotHaveDuplicates()
					.extracting((predicate) -> predicate.getHttpMethod() + " " + predicate.getPath())
					.containsExactlyInAnyOrder("GET cluster", "POST cluster/{operation}", "POST cluster/{operation}",
							"POST cluster/{operation}/{target}", "GET cluster/{operation}/{target}",
							"GET cluster/{operation}/{target}/{*path}", "POST cluster/{operation}/{target}/{*path}",
							"DELETE cluster/{operation}/{target}/{*path}");
				LocalEndpoints local = context.getBean(LocalEndpoints.class);
				EndpointResponse rejected = local
					.handle(new EndpointRequest("POST", "cluster/reload/first", Map.of(), null));
				assertThat(rejected.status()).isEqualTo(400);
				assertThat(rejected.body()).contains("'first' is not a worker index");
			});
	}

	@Test
	void aUsersOwnClusterEndpointWebExtensionTakesThePlaceOfOurs() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withBean("ownExtension", ClusterEndpointWebExtension.class,
					() -> new ClusterEndpointWebExtension(new ClusterEndpoint(this.agent, null), this.agent, null,
							JsonMapper.shared()))
			.run((context) -> assertThat(context).hasSingleBean(ClusterEndpointWebExtension.class)
				.hasBean("ownExtension"));
	}

	@Test
	void aUsersOwnClusterEndpointAndClusterWideExtensionsTakeThePlaceOfOurs() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withBean(CacheManager.class, () -> new ConcurrentMapCacheManager("prices"))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withConfiguration(
					AutoConfigurations.of(ClusterCachesAutoConfiguration.class, CachesEndpointAutoConfiguration.class,
							MetricsAutoConfiguration.class, MetricsEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cluster,loggers,caches,metrics")
			.withUserConfiguration(OwnClusterBeans.class)
			.run((context) -> assertThat(context).hasSingleBean(ClusterEndpoint.class)
				.hasBean("ownEndpoint")
				.hasSingleBean(ClusterLoggersWebExtension.class)
				.hasBean("ownLoggers")
				.hasSingleBean(ClusterCachesWebExtension.class)
				.hasBean("ownCaches")
				.hasSingleBean(ClusterMetricsWebExtension.class)
				.hasBean("ownMetrics"));
	}

	@Test
	void withoutWebExposureTheEndpointHasNoWebExtension() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withPropertyValues("management.endpoints.web.exposure.include=loggers", "spring.jmx.enabled=true",
					"management.endpoints.jmx.exposure.include=cluster")
			.run((context) -> assertThat(context).hasSingleBean(ClusterEndpoint.class)
				.doesNotHaveBean(ClusterEndpointWebExtension.class));
	}

	@Test
	void theClusterWideLoggersWriteTakesThePlaceOfSpringBootsOwn() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent).run((context) -> {
			assertThat(context).hasSingleBean(ClusterLoggersWebExtension.class);
			ExposableWebEndpoint loggers = endpoint(context.getBean(WebEndpointsSupplier.class), "loggers");
			// One write, not Spring Boot's beside this one: a second would answer some
			// requests with one worker's level.
			assertThat(loggers.getOperations())
				.filteredOn(
						(operation) -> operation.getRequestPredicate().getHttpMethod() == WebEndpointHttpMethod.POST)
				.hasSize(1);
		});
	}

	@Test
	void cacheEvictionsForEveryWorkerTakeThePlaceOfSpringBootsOwnAndAreAppliedHereAloneForAnotherWorker() {
		ConcurrentMapCacheManager cacheManager = new ConcurrentMapCacheManager("prices", "stock");
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withBean(CacheManager.class, () -> cacheManager)
			.withConfiguration(
					AutoConfigurations.of(ClusterCachesAutoConfiguration.class, CachesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cluster,loggers,caches")
			.run((context) -> {
				assertThat(context.getBean(CachesEndpointWebExtension.class))
					.isInstanceOf(ClusterCachesWebExtension.class);
				ExposableWebEndpoint caches = endpoint(context.getBean(WebEndpointsSupplier.class), "caches");
				assertThat(caches.getOperations()).filteredOn(
						(operation) -> operation.getRequestPredicate().getHttpMethod() == WebEndpointHttpMethod.DELETE)
					.extracting((operation) -> operation.getRequestPredicate().getPath())
					.containsExactlyInAnyOrder("caches", "caches/{cache}");

				LocalEndpoints local = context.getBean(LocalEndpoints.class);
				cacheManager.getCache("prices").put("apple", 3);
				cacheManager.getCache("stock").put("apple", 7);
				assertThat(local.handle(new EndpointRequest("DELETE", "caches/prices", Map.of(), null)).status())
					.isEqualTo(204);
				assertThat(cacheManager.getCache("prices").get("apple")).isNull();
				assertThat(cacheManager.getCache("stock").get("apple")).isNotNull();
				assertThat(local.handle(new EndpointRequest("DELETE", "caches/nope", Map.of(), null)).status())
					.isEqualTo(404);
				assertThat(local.handle(new EndpointRequest("DELETE", "caches", Map.of(), null)).status())
					.isEqualTo(204);
				assertThat(cacheManager.getCache("stock").get("apple")).isNull();
			});
	}

	@Test
	void ofTwoOperationsOnOnePathTheOneTheClientAcceptsAnswersJsonByDefault() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent)
			.withConfiguration(AutoConfigurations.of(ThreadDumpEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=cluster,threaddump")
			.run((context) -> {
				LocalEndpoints local = context.getBean(LocalEndpoints.class);
				EndpointResponse json = local.handle(new EndpointRequest("GET", "threaddump", Map.of(), null));
				assertThat(json.contentType()).isEqualTo("application/vnd.spring-boot.actuator.v3+json");
				assertThat(json.body()).startsWith("{\"threads\":");
				EndpointResponse text = local.handle(new EndpointRequest("GET", "threaddump", Map.of(), "text/plain"));
				assertThat(text.contentType()).startsWith("text/plain");
				assertThat(text.body()).contains("Full thread dump");
			});
	}

	@Test
	void anotherWorkersRequestIsAnsweredAsTheWebLayerWouldAndAppliedHereAlone() {
		this.runner.withBean(WorkerAgent.class, () -> this.agent).run((context) -> {
			LocalEndpoints local = context.getBean(LocalEndpoints.class);
			LoggingSystem logging = context.getBean(LoggingSystem.class);

			EndpointResponse set = local
				.handle(new EndpointRequest("POST", "loggers/" + LOGGER, Map.of("configuredLevel", "DEBUG"), null));
			assertThat(set.status()).isEqualTo(204);
			// Set here, without the supervisor, which this test's channel never answers.
			assertThat(logging.getLoggerConfiguration(LOGGER).getConfiguredLevel()).isEqualTo(LogLevel.DEBUG);

			EndpointResponse read = local.handle(new EndpointRequest("GET", "loggers/" + LOGGER, Map.of(), null));
			assertThat(read.status()).isEqualTo(200);
			assertThat(read.contentType()).startsWith("application/");
			assertThat(read.body()).contains("\"configuredLevel\":\"DEBUG\"");

			assertThat(local.handle(new EndpointRequest("GET", "threaddump", Map.of(), null)).status())
				.as("not exposed")
				.isEqualTo(404);
			assertThat(local.handle(new EndpointRequest("DELETE", "loggers/" + LOGGER, Map.of(), null)).status())
				.isEqualTo(405);
			assertThat(local
				.handle(new EndpointRequest("POST", "loggers/" + LOGGER, Map.of("configuredLevel", "LOUD"), null))
				.status()).isEqualTo(400);
			logging.setLogLevel(LOGGER, null);
		});
	}

	private static ExposableWebEndpoint endpoint(WebEndpointsSupplier endpoints, String id) {
		return endpoints.getEndpoints()
			.stream()
			.filter((endpoint) -> endpoint.getEndpointId().equals(EndpointId.of(id)))
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClusterBeans {

		@Bean
		ClusterEndpoint ownEndpoint(WorkerAgent agent) {
			return new ClusterEndpoint(agent, null);
		}

		@Bean
		ClusterLoggersWebExtension ownLoggers(LoggersEndpoint loggers, WorkerAgent agent) {
			return new ClusterLoggersWebExtension(loggers, agent);
		}

		@Bean
		ClusterCachesWebExtension ownCaches(CachesEndpoint caches, WorkerAgent agent) {
			return new ClusterCachesWebExtension(caches, agent);
		}

		@Bean
		ClusterMetricsWebExtension ownMetrics(MetricsEndpoint metrics, WorkerAgent agent) {
			return new ClusterMetricsWebExtension(metrics, agent, JsonMapper.shared());
		}

	}

}
