package dev.clusterboot.it.support;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The web servers a cluster test runs the app on. The test class path holds all three; each run
 * gets the class path without the other servers' jars, so Spring Boot picks this one as it would
 * in an app that has only it.
 */
public enum WebServerKind {

	TOMCAT("jetty-", "spring-boot-jetty"),

	JETTY("tomcat-embed-core", "tomcat-embed-websocket", "spring-boot-tomcat"),

	/** WebFlux on Reactor Netty: without Spring MVC the app is reactive. */
	NETTY("tomcat-embed-core", "tomcat-embed-websocket", "spring-boot-tomcat", "jetty-", "spring-boot-jetty",
			"spring-webmvc", "spring-boot-webmvc");

	private final List<String> excludedJarPrefixes;

	WebServerKind(String... excludedJarPrefixes) {
		this.excludedJarPrefixes = List.of(excludedJarPrefixes);
	}

	/** The test class path less the other servers. */
	public String classPath() {
		String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return Arrays.stream(full.split(File.pathSeparator))
			.filter((entry) -> this.excludedJarPrefixes.stream()
				.noneMatch((prefix) -> new File(entry).getName().startsWith(prefix)))
			.collect(Collectors.joining(File.pathSeparator));
	}

}
