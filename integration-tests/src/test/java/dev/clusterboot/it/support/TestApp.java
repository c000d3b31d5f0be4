package dev.clusterboot.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The apps the tests cluster, one per stack a Spring Boot app has, each built by its own
 * module of {@code test-apps} into an executable jar with only its own class path, and
 * started as a user starts it: {@code java -jar}.
 */
public enum TestApp {

	/** A servlet app on Tomcat, Spring Boot's default. */
	TOMCAT("tomcat", true),

	/** A servlet app on Jetty, with Tomcat excluded. */
	JETTY("jetty", true),

	/** A plain WebFlux app on Reactor Netty, without the servlet API. */
	WEBFLUX("webflux", true),

	/** A queue consumer without a web server. */
	NO_WEB("no-web", false),

	/** A servlet app with Spring Security and the recipe of docs/operations.md. */
	SECURED_SERVLET("secured-servlet", true),

	/** A WebFlux app with Spring Security and the recipe of docs/operations.md. */
	SECURED_REACTIVE("secured-reactive", true),

	/**
	 * Spring MVC on Tomcat with long-lived connections: server-sent events, a WebSocket
	 * handler, STOMP.
	 */
	STREAMS_SERVLET("streams-servlet", true),

	/** WebFlux on Reactor Netty with server-sent events and a WebSocket handler. */
	STREAMS_REACTIVE("streams-reactive", true),

	/** Spring MVC on Tomcat with Spring Boot's gRPC server beside it. */
	GRPC("grpc", true),

	/** Spring Boot Admin's server, not clustered: what clustered apps register with. */
	ADMIN_SERVER("admin-server", true),

	/** The sample app users try first: Spring MVC on Tomcat. */
	SAMPLE("sample-app/target/sample-app-0.1.0-SNAPSHOT.jar", true);

	private final String jar;

	private final boolean web;

	TestApp(String module, boolean web) {
		this.jar = module.endsWith(".jar") ? module : "test-apps/" + module + "/target/test-app-" + module + ".jar";
		this.web = web;
	}

	/** The test apps that serve HTTP, one per server. */
	public static Stream<TestApp> web() {
		return Stream.of(TOMCAT, JETTY, WEBFLUX);
	}

	/** Whether it serves HTTP on a port. */
	public boolean isWeb() {
		return this.web;
	}

	/** The executable jar its module built. */
	public Path jar() {
		Path jar = Path.of(System.getProperty("project.root", ".."), this.jar);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build the test apps first (mvn verify builds them)");
		}
		return jar.toAbsolutePath().normalize();
	}

	/**
	 * The file names of the libraries in its jar, such as
	 * {@code jakarta.servlet-api-6.1.0.jar}.
	 */
	public List<String> libraries() {
		try (ZipFile zip = new ZipFile(jar().toFile())) {
			return zip.stream()
				.map(ZipEntry::getName)
				.filter((name) -> name.startsWith("BOOT-INF/lib/") && name.length() > "BOOT-INF/lib/".length())
				.map((name) -> name.substring("BOOT-INF/lib/".length()))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
