package dev.clusterboot.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One meter's {@code /actuator/metrics/{name}} answers from several workers, merged as
 * Actuator merges the meters of one name in one registry: each statistic summed, but
 * {@code MAX} the largest. The {@code worker} tag lists the workers that have the meter,
 * as Micrometer lists a tag's values.
 */
final class MetricMerge {

	static final String WORKER_TAG = "worker";

	private final Map<Integer, JsonNode> answers = new TreeMap<>();

	/**
	 * Add a worker's answer.
	 * @param worker the worker index
	 * @param metric its {@code MetricDescriptor} as JSON
	 * @return this merge
	 */
	MetricMerge add(int worker, JsonNode metric) {
		this.answers.put(worker, metric);
		return this;
	}

	/** The merged descriptor, or {@code null} when no worker has the meter. */
	@Nullable Map<String, Object> merged() {
		if (this.answers.isEmpty()) {
			return null;
		}
		JsonNode first = this.answers.values().iterator().next();
		Map<String, Double> statistics = new LinkedHashMap<>();
		Map<String, Set<String>> tags = new LinkedHashMap<>();
		for (JsonNode metric : this.answers.values()) {
			for (JsonNode sample : metric.path("measurements")) {
				String statistic = sample.path("statistic").asString();
				double value = sample.path("value").asDouble();
				statistics.merge(statistic, value, "MAX".equals(statistic) ? Math::max : Double::sum);
			}
			for (JsonNode tag : metric.path("availableTags")) {
				Set<String> values = tags.computeIfAbsent(tag.path("tag").asString(), (name) -> new TreeSet<>());
				tag.path("values").forEach((value) -> values.add(value.asString()));
			}
		}
		List<Map<String, Object>> measurements = new ArrayList<>();
		statistics.forEach((statistic, value) -> measurements.add(Map.of("statistic", statistic, "value", value)));
		List<Map<String, Object>> availableTags = new ArrayList<>();
		tags.forEach((tag, values) -> availableTags.add(Map.of("tag", tag, "values", values)));
		Set<String> workers = new TreeSet<>();
		this.answers.keySet().forEach((worker) -> workers.add(Integer.toString(worker)));
		availableTags.add(Map.of("tag", WORKER_TAG, "values", workers));
		Map<String, Object> merged = new LinkedHashMap<>();
		merged.put("name", first.path("name").asString());
		if (first.hasNonNull("description")) {
			merged.put("description", first.path("description").asString());
		}
		if (first.hasNonNull("baseUnit")) {
			merged.put("baseUnit", first.path("baseUnit").asString());
		}
		merged.put("measurements", measurements);
		merged.put("availableTags", availableTags);
		return merged;
	}

}
