package dev.clusterboot.testsupport;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Prometheus text exposition, read with a real parser (Hawkular's), and checked with
 * Prometheus's own {@code promtool check metrics} where it is installed. CI installs it
 * (Debian's {@code prometheus} package), so there the check is never skipped.
 */
public final class Exposition {

	private final String text;

	private final Map<String, MetricFamily> families;

	private Exposition(String text, Map<String, MetricFamily> families) {
		this.text = text;
		this.families = families;
	}

	/**
	 * Parse an exposition; fails on a family that appears twice.
	 * @param text Prometheus text format 0.0.4
	 * @return the parsed exposition
	 */
	public static Exposition parse(String text) {
		Map<String, MetricFamily> families = new LinkedHashMap<>();
		try {
			TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
					new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
			MetricFamily family;
			while ((family = parser.parse()) != null) {
				assertThat(families.put(family.getName(), family)).as("family %s twice", family.getName()).isNull();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Exposition(text, families);
	}

	/** The worker indexes whose series the family has. */
	public Set<String> workersOf(String family) {
		Set<String> workers = new HashSet<>();
		MetricFamily metrics = this.families.get(family);
		if (metrics != null) {
			metrics.getMetrics().forEach((metric) -> workers.add(metric.getLabels().get("worker")));
		}
		workers.remove(null);
		return workers;
	}

	/**
	 * The value of a counter or gauge series, or the count of a summary or histogram
	 * series.
	 * @param family the family name
	 * @param labels the series' labels, all of them
	 * @return the value, or {@code null} when there is no such series
	 */
	public Double value(String family, Map<String, String> labels) {
		MetricFamily metrics = this.families.get(family);
		if (metrics == null) {
			return null;
		}
		for (Metric metric : metrics.getMetrics()) {
			if (new TreeMap<>(metric.getLabels()).equals(new TreeMap<>(labels))) {
				if (metric instanceof Counter counter) {
					return counter.getValue();
				}
				if (metric instanceof Gauge gauge) {
					return gauge.getValue();
				}
				if (metric instanceof Summary summary) {
					return (double) summary.getSampleCount();
				}
				if (metric instanceof Histogram histogram) {
					return (double) histogram.getSampleCount();
				}
			}
		}
		return null;
	}

	/** Every series, as its family and label set, is there once. */
	public void assertNoDuplicateSeries() {
		Set<String> seen = new HashSet<>();
		List<String> duplicates = new ArrayList<>();
		this.families.values().forEach((family) -> family.getMetrics().forEach((metric) -> {
			String key = family.getName() + new TreeMap<>(metric.getLabels());
			if (!seen.add(key)) {
				duplicates.add(key);
			}
		}));
		assertThat(duplicates).isEmpty();
	}

	/**
	 * Run {@code promtool check metrics}: it must parse the text. Its lint remarks (help
	 * text, unit suffixes) concern Micrometer's meter names, not the merge, and are
	 * allowed.
	 * @return whether promtool ran
	 */
	public boolean checkWithPromtool() {
		File promtool = new File("/usr/bin/promtool");
		if (!promtool.canExecute()) {
			assertThat(System.getenv("CI")).as("promtool must be installed in CI").isNull();
			return false;
		}
		try {
			Process process = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true)
				.start();
			try {
				process.getOutputStream().write(this.text.getBytes(StandardCharsets.UTF_8));
				process.getOutputStream().close();
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
				// Exit 1 is a parse error; 3 means lint remarks only.
				assertThat(process.exitValue()).as(output).isIn(0, 3);
				assertThat(output).doesNotContain("parsing error");
				return true;
			}
			finally {
				process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
