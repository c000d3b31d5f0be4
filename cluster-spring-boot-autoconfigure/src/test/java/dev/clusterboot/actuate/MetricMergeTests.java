package dev.clusterboot.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MetricMerge}: one meter of several workers as Actuator shows one.
 */
class MetricMergeTests {

	private final JsonMapper json = JsonMapper.shared();

	@Test
	void statisticsAreSummedButTheMaximumIsTheLargestAndTheWorkersAreATag() {
		Map<String, Object> merged = new MetricMerge()
			.add(0, metric("{\"COUNT\": 3, \"TOTAL_TIME\": 0.5, \"MAX\": 0.25}", "[\"/a\"]"))
			.add(1, metric("{\"COUNT\": 4, \"TOTAL_TIME\": 1.5, \"MAX\": 0.125}", "[\"/a\", \"/b\"]"))
			.merged();
		assertThat(merged).containsEntry("name", "http.server.requests").containsEntry("baseUnit", "seconds");
		assertThat(merged.get("measurements")).isEqualTo(List.of(Map.of("statistic", "COUNT", "value", 7.0),
				Map.of("statistic", "TOTAL_TIME", "value", 2.0), Map.of("statistic", "MAX", "value", 0.25)));
		assertThat(merged.get("availableTags").toString()).contains("tag=uri")
			.contains("[/a, /b]")
			.contains("tag=worker")
			.contains("[0, 1]");
	}

	@Test
	void noWorkerWithTheMeterIsNoMeter() {
		assertThat(new MetricMerge().merged()).isNull();
	}

	private JsonNode metric(String statistics, String uris) {
		StringBuilder measurements = new StringBuilder();
		this.json.readTree(statistics)
			.properties()
			.forEach((entry) -> measurements.append((measurements.length() > 0) ? "," : "")
				.append("{\"statistic\":\"" + entry.getKey() + "\",\"value\":" + entry.getValue() + "}"));
		return this.json.readTree("{\"name\":\"http.server.requests\",\"baseUnit\":\"seconds\",\"measurements\":["
				+ measurements + "],\"availableTags\":[{\"tag\":\"uri\",\"values\":" + uris + "}]}");
	}

}
