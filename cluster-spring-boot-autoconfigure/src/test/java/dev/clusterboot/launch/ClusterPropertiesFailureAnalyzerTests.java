package dev.clusterboot.launch;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.clusterboot.autoconfigure.ClusterProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link ClusterPropertiesFailureAnalyzer}, on what the validator refuses as
 * the launcher binds {@code cluster.*}.
 */
class ClusterPropertiesFailureAnalyzerTests {

	@Test
	void namesEachPropertyAsWrittenWithItsValueOriginAndWhatItAccepts() {
		FailureAnalysis analysis = analyze(Map.of("cluster.shutdown-timeout", "-5s", "cluster.max-restarts", "-1",
				"cluster.restart-backoff.multiplier", "0.5", "cluster.heartbeat-timeout", "6s", "cluster.slow-start",
				"-10s"));
		assertThat(analysis.getDescription()).startsWith("Invalid cluster configuration:")
			.contains("cluster.shutdown-timeout = -5s (from \"cluster.shutdown-timeout\" from property source "
					+ "\"test\"): must be a positive duration, such as 30s")
			.contains("cluster.max-restarts = -1 (from")
			.contains("must be at least 0")
			.contains("cluster.restart-backoff.multiplier = 0.5 (from")
			.contains("cluster.heartbeat-timeout = 6s (from")
			.contains("at least twice cluster.heartbeat-interval")
			.contains("cluster.slow-start = -10s (from")
			.contains("must be zero or a positive duration")
			.doesNotContain("drain-period");
		assertThat(analysis.getAction()).contains("docs/configuration.md");
	}

	@Test
	void refusesZeroTimeoutsAndCountsThatLeaveNothingToDo() {
		FailureAnalysis analysis = analyze(Map.of("cluster.listen-timeout", "0s", "cluster.reload.max-surge", "0",
				"cluster.messaging.queue-capacity", "0", "cluster.worker-jvm-arguments", "-Dport={port:70000}",
				"cluster.max-keep-alive-requests", "0"));
		assertThat(analysis.getDescription()).contains("cluster.listen-timeout = 0s")
			.contains("cluster.max-keep-alive-requests = 0 (from")
			.contains("must be at least 1, or -1 for no limit")
			.contains("cluster.reload.max-surge = 0")
			.contains("cluster.messaging.queue-capacity = 0")
			.contains("{port:N} needs N from 1 to");
	}

	@Test
	void aDrainThatWouldOutlastTheShutdownIsRefused() {
		FailureAnalysis analysis = analyze(Map.of("cluster.shutdown-timeout", "20s", "cluster.drain-timeout", "20s"));
		assertThat(analysis.getDescription()).contains("cluster.drain-timeout = 20s")
			.contains("must be shorter than cluster.shutdown-timeout");
	}

	@Test
	void sensibleValuesBind() {
		StandardEnvironment environment = environment(Map.of("cluster.shutdown-timeout", "10s", "cluster.drain-period",
				"2s", "cluster.worker-jvm-arguments", "-Dexporter.port={port:9400}", "cluster.max-keep-alive-requests",
				"-1", "cluster.slow-start", "0", "cluster.supervisor-c1-only", "false"));
		ClusterProperties properties = ClusterLauncher.bindProperties(environment);
		assertThat(properties.getShutdownTimeout()).hasSeconds(10);
		// Unless set, a third of the shutdown timeout, which leaves the rest to Spring.
		assertThat(properties.drainTimeoutOrDefault()).isBetween(Duration.ofMillis(3333), Duration.ofMillis(3334));
		assertThat(ClusterLauncher.bindProperties(environment(Map.of())).drainTimeoutOrDefault()).hasSeconds(10);
		assertThat(properties.getWorkerJvmArguments()).containsExactly("-Dexporter.port={port:9400}");
		assertThat(properties.getMaxKeepAliveRequests()).isEqualTo(-1);
		assertThat(properties.getSlowStart()).isZero();
		assertThat(ClusterLauncher.settings(properties, 2, 2).c1Only()).isFalse();
		assertThat(ClusterLauncher.settings(ClusterLauncher.bindProperties(environment(Map.of())), 2, 2).c1Only())
			.isTrue();
	}

	private static FailureAnalysis analyze(Map<String, Object> properties) {
		BindException failure = catchThrowableOfType(BindException.class,
				() -> ClusterLauncher.bindProperties(environment(properties)));
		FailureAnalysis analysis = new ClusterPropertiesFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
