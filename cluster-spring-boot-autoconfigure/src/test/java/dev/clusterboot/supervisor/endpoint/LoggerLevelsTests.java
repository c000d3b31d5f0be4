package dev.clusterboot.supervisor.endpoint;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.EndpointRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoggerLevels}: what a later worker starts with.
 */
class LoggerLevelsTests {

	private final LoggerLevels levels = new LoggerLevels();

	@Test
	void theLastLevelSetForEachLoggerIsKeptAndAResetForgetsIt() {
		set("com.example", "DEBUG");
		set("ROOT", "warn");
		set("com.example", "TRACE");
		assertThat(this.levels.levels()).containsExactly(Map.entry("com.example", "TRACE"), Map.entry("ROOT", "WARN"));
		this.levels.observe(new EndpointRequest("POST", "loggers/com.example", Map.of(), null));
		assertThat(this.levels.levels()).containsExactly(Map.entry("ROOT", "WARN"));
	}

	@Test
	void whatCannotBeALoggingPropertyIsNotKept() {
		set("a,b=c", "DEBUG");
		set("com.example", "LOUD");
		set("", "DEBUG");
		this.levels
			.observe(new EndpointRequest("GET", "loggers/com.example", Map.of("configuredLevel", "DEBUG"), null));
		this.levels
			.observe(new EndpointRequest("POST", "caches/com.example", Map.of("configuredLevel", "DEBUG"), null));
		assertThat(this.levels.levels()).isEmpty();
	}

	@Test
	void aFloodOfNamesIsBounded() {
		for (int i = 0; i < LoggerLevels.MAX_LOGGERS + 10; i++) {
			set("logger" + i, "DEBUG");
		}
		assertThat(this.levels.levels()).hasSize(LoggerLevels.MAX_LOGGERS);
		set("logger0", "ERROR");
		assertThat(this.levels.levels()).containsEntry("logger0", "ERROR");
	}

	private void set(String name, String level) {
		this.levels.observe(new EndpointRequest("POST", "loggers/" + name, Map.of("configuredLevel", level), null));
	}

}
