package dev.clusterboot.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.clusterboot.actuate.ClusterEndpoint;
import dev.clusterboot.actuate.ClusterHealthIndicator;
import dev.clusterboot.actuate.ClusterScrapeEndpoint;
import dev.clusterboot.channel.ChannelServer;
import dev.clusterboot.channel.RecordingListener;
import dev.clusterboot.messaging.ClusterMessaging;
import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.drain.Drain;
import dev.clusterboot.drain.reactive.ReactiveDrainFilter;
import dev.clusterboot.drain.servlet.RequestActivityFilter;
import dev.clusterboot.worker.ReadinessReporter;
import dev.clusterboot.worker.WorkerAgent;
import dev.clusterboot.contract.WorkerEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The starter on every class path a Boot app has: each optional library hidden in turn,
 * as Spring Boot's own tests do it, and the auto-configurations loaded the way Spring
 * loads them in a class loader that really lacks the library.
 */
class ClassPathTests {

	private static final String[] SERVLET = { "jakarta.servlet." };

	private static final String[] TOMCAT_AND_JETTY = { "org.apache.catalina.", "org.apache.coyote.",
			"org.apache.tomcat.", "org.springframework.boot.tomcat.", "org.eclipse.jetty.",
			"org.springframework.boot.jetty." };

	private static final String[] REACTIVE = { "org.springframework.web.reactive.", "org.springframework.web.server.",
			"org.springframework.boot.reactor.netty.", "org.springframework.boot.webflux." };

	private static final String[] WEB = { "org.springframework.web.", "org.springframework.boot.web." };

	private static final String[] PROMETHEUS = { "io.micrometer.prometheusmetrics.", "io.prometheus." };

	private static final String[] ACTUATOR = { "org.springframework.boot.actuate.",
			"org.springframework.boot.health." };

	private static final String[] MICROMETER = { "io.micrometer." };

	private static final AutoConfigurations CLUSTER = AutoConfigurations.of(ClusterWorkerAutoConfiguration.class,
			ClusterTomcatAutoConfiguration.class, ClusterJettyAutoConfiguration.class,
			ClusterNettyAutoConfiguration.class, ClusterEndpointAutoConfiguration.class,
			ClusterMetricsAutoConfiguration.class, ClusterMessagingAutoConfiguration.class);

	private ChannelServer supervisor;

	private WorkerAgent agent;

	@BeforeEach
	void connectAWorker() throws IOException {
		this.supervisor = ChannelServer.open(new RecordingListener());
		this.agent = WorkerAgent.connect(new WorkerEnvironment(0, this.supervisor.socketPath(),
				this.supervisor.tickets().issue(0), PortSharing.REUSEPORT, 8080, null, false, Duration.ZERO),
				Duration.ofSeconds(5));
	}

	@AfterEach
	void disconnect() {
		this.agent.close();
		this.supervisor.close();
	}

	@Test
	void aWebFluxAppWithoutTheServletApiGetsTheReactiveDrainOnly() {
		worker(new ReactiveWebApplicationContextRunner(), concat(SERVLET, TOMCAT_AND_JETTY)).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ReactiveDrainFilter.class)
				.doesNotHaveBean(RequestActivityFilter.class)
				.hasBean("clusterNettyListener")
				.doesNotHaveBean("clusterTomcatDrainingServer")
				.hasSingleBean(ClusterEndpoint.class);
		});
	}

	@Test
	void aServletAppWithoutTheReactiveStackGetsTheServletDrainOnly() {
		worker(new WebApplicationContextRunner(), REACTIVE).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RequestActivityFilter.class)
				.doesNotHaveBean(ReactiveDrainFilter.class)
				.hasBean("clusterTomcatDrainingServer")
				.doesNotHaveBean("clusterNettyListener");
		});
	}

	@Test
	void anAppWithoutAWebServerIsStillAWorker() {
		worker(new ApplicationContextRunner(), concat(WEB, SERVLET, TOMCAT_AND_JETTY, REACTIVE)).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ReadinessReporter.class)
				.hasSingleBean(Drain.class)
				.hasSingleBean(ClusterMessaging.class)
				.doesNotHaveBean(RequestActivityFilter.class)
				.doesNotHaveBean(ReactiveDrainFilter.class)
				.doesNotHaveBean("clusterTomcatDrainingServer")
				.doesNotHaveBean("clusterNettyListener");
		});
	}

	@Test
	void withoutActuatorThereIsNoEndpointAndTheWorkerStillReports() {
		worker(new WebApplicationContextRunner(), ACTUATOR).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ReadinessReporter.class)
				.doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean(ClusterHealthIndicator.class);
		});
	}

	@Test
	void withoutPrometheusSpringBootsEndpointIsNotReplaced() {
		withMetrics(worker(new WebApplicationContextRunner(), PROMETHEUS)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ClusterScrapeEndpoint.class);
		});
	}

	@Test
	void withPrometheusTheClusterWideScrapeReplacesIt() {
		withMetrics(worker(new WebApplicationContextRunner())).run((context) -> assertThat(context).hasNotFailed()
			.getBean(PrometheusScrapeEndpoint.class)
			.isInstanceOf(ClusterScrapeEndpoint.class));
	}

	@Test
	void withoutMicrometerMessagingWorksUncounted() {
		new ApplicationContextRunner().withConfiguration(CLUSTER)
			.withBean(WorkerAgent.class, () -> this.agent)
			.withClassLoader(new FilteredClassLoader(MICROMETER))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ClusterMessaging.class)
				.doesNotHaveBean("clusterMessagingMeters"));
	}

	/**
	 * What Spring does with an auto-configuration whose class conditions hold: it loads
	 * the class and reads its methods, which loads every type in their signatures. Here
	 * that happens in a class loader that lacks the library for real, where
	 * {@link FilteredClassLoader} only hides it from conditions.
	 */
	@ParameterizedTest(name = "without {0}")
	@MethodSource("missingLibraries")
	void everyAutoConfigurationWhoseConditionsHoldLoadsWithoutTheLibrary(String library, List<String> jarPrefixes)
			throws Exception {
		try (URLClassLoader loader = classLoaderWithout(jarPrefixes)) {
			for (String name : autoConfigurationNames()) {
				assertThatNoException().as(name + " without " + library)
					.isThrownBy(() -> introspectWhereConditionsHold(loader.loadClass(name)));
			}
		}
	}

	static Stream<Arguments> missingLibraries() {
		return Stream.of(Arguments.of("the servlet API", List.of("jakarta.servlet-api", "tomcat-", "jetty-")),
				Arguments.of("the reactive stack",
						List.of("spring-webflux", "spring-boot-webflux", "spring-boot-reactor-netty",
								"reactor-netty-http")),
				Arguments.of("a web stack",
						List.of("jakarta.servlet-api", "tomcat-", "jetty-", "spring-web", "spring-boot-web",
								"spring-boot-reactor-netty", "spring-boot-tomcat", "spring-boot-jetty",
								"spring-boot-servlet", "spring-boot-http")),
				Arguments.of("Prometheus", List.of("micrometer-registry-prometheus", "prometheus-metrics-")),
				Arguments.of("Actuator", List.of("spring-boot-actuator", "spring-boot-health")),
				Arguments.of("Micrometer", List.of("micrometer-", "spring-boot-micrometer-")));
	}

	private static void introspectWhereConditionsHold(Class<?> configuration) throws Exception {
		if (!classConditionsHold(configuration)) {
			return;
		}
		// Spring's ConfigurationClassParser reads every bean method, with their
		// signatures.
		configuration.getDeclaredMethods();
		configuration.getDeclaredConstructors();
		for (Class<?> nested : configuration.getDeclaredClasses()) {
			introspectWhereConditionsHold(nested);
		}
	}

	/** The class-level {@code @ConditionalOnClass} names, read as Spring reads them. */
	private static boolean classConditionsHold(Class<?> configuration) throws Exception {
		ClassLoader loader = configuration.getClassLoader();
		for (var annotation : configuration.getAnnotations()) {
			if (annotation.annotationType().getName().endsWith(".ConditionalOnClass")) {
				Method name = annotation.annotationType().getMethod("name");
				for (String required : (String[]) name.invoke(annotation)) {
					try {
						Class.forName(required, false, loader);
					}
					catch (ClassNotFoundException | LinkageError ex) {
						return false;
					}
				}
			}
		}
		return true;
	}

	private static List<String> autoConfigurationNames() throws IOException {
		String imports = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
		try (InputStream in = ClassPathTests.class.getClassLoader().getResourceAsStream(imports)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

	/**
	 * The test class path less the jars of one library, with nothing of the app's loader
	 * above it.
	 */
	private static URLClassLoader classLoaderWithout(List<String> jarPrefixes) {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			String fileName = new File(entry).getName();
			if (jarPrefixes.stream().noneMatch(fileName::startsWith)) {
				try {
					urls.add(new File(entry).toURI().toURL());
				}
				catch (MalformedURLException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
	}

	private <R extends AbstractApplicationContextRunner<R, ?, ?>> R worker(R runner, String[]... hidden) {
		return runner.withConfiguration(CLUSTER)
			.withPropertyValues("management.endpoints.web.exposure.include=cluster,prometheus",
					"cluster.port-sharing=proxy")
			.withBean(WorkerAgent.class, () -> this.agent)
			.withClassLoader(new FilteredClassLoader(concat(hidden)));
	}

	private static <R extends AbstractApplicationContextRunner<R, ?, ?>> R withMetrics(R runner) {
		return runner.withConfiguration(
				AutoConfigurations.of(MetricsAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class));
	}

	private static String[] concat(String[]... groups) {
		return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
	}

}
