package dev.clusterboot.supervisor.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

import dev.clusterboot.contract.ScrapeFormat;

/**
 * One family of the supervisor's meters, with its series, written in Prometheus's text
 * format or OpenMetrics' as Micrometer's Prometheus registry writes it: the same names,
 * help, types and order, so that the merged scrape and dashboards read it alike.
 *
 * <p>
 * The supervisor writes these few families itself rather than keep a meter registry: a
 * registry and its exposition code are a few hundred classes held for the supervisor's
 * lifetime, for a dozen numbers.
 */
final class MeterFamily {

	enum Type {

		COUNTER, GAUGE, SUMMARY

	}

	private final String name;

	private final Type type;

	private final String help;

	/** By their labels written out, so that series come in the order Micrometer's do. */
	private final SortedMap<String, Series> series = new TreeMap<>();

	/**
	 * A family.
	 * @param name the Prometheus name: no {@code _total}, a unit suffix where there is
	 * one
	 * @param type what it counts
	 * @param help its description
	 */
	MeterFamily(String name, Type type, String help) {
		this.name = name;
		this.type = type;
		this.help = help;
	}

	String name() {
		return this.name;
	}

	/**
	 * The counter of these labels, made at 0 the first time.
	 * @param labels names and values
	 * @return the counter
	 */
	Count counter(Map<String, String> labels) {
		return (Count) this.series.computeIfAbsent(written(labels), (key) -> new Count());
	}

	/**
	 * A series read when scraped: a gauge, or a counter kept elsewhere.
	 * @param labels names and values
	 * @param value reads it
	 */
	void read(Map<String, String> labels, DoubleSupplier value) {
		this.series.put(written(labels), new Read(value));
	}

	/**
	 * The summary of these labels, made empty the first time.
	 * @param labels names and values
	 * @return the summary
	 */
	Summary summary(Map<String, String> labels) {
		return (Summary) this.series.computeIfAbsent(written(labels), (key) -> new Summary());
	}

	void remove(Map<String, String> labels) {
		this.series.remove(written(labels));
	}

	void writeTo(StringBuilder out, ScrapeFormat format) {
		if (this.series.isEmpty()) {
			return;
		}
		boolean openMetrics = format == ScrapeFormat.OPENMETRICS_TEXT;
		String sample = (this.type == Type.COUNTER) ? this.name + "_total" : this.name;
		String described = (this.type == Type.COUNTER && !openMetrics) ? sample : this.name;
		header(out, described, this.type.name().toLowerCase(Locale.ROOT), openMetrics);
		for (Map.Entry<String, Series> entry : this.series.entrySet()) {
			Series series = entry.getValue();
			if (series instanceof Summary summary) {
				line(out, this.name + "_count", entry.getKey(), Long.toString(summary.count));
				line(out, this.name + "_sum", entry.getKey(), number(summary.sum));
			}
			else {
				line(out, sample, entry.getKey(), number(series.value()));
			}
		}
		if (this.type == Type.SUMMARY) {
			// Micrometer writes a timer's maximum as a gauge family of its own.
			header(out, this.name + "_max", "gauge", openMetrics);
			for (Map.Entry<String, Series> entry : this.series.entrySet()) {
				line(out, this.name + "_max", entry.getKey(), number(((Summary) entry.getValue()).max));
			}
		}
	}

	private void header(StringBuilder out, String described, String type, boolean openMetrics) {
		String helpLine = "# HELP " + described + " " + escape(this.help, openMetrics) + "\n";
		String typeLine = "# TYPE " + described + " " + type + "\n";
		out.append(openMetrics ? typeLine + helpLine : helpLine + typeLine);
	}

	private static void line(StringBuilder out, String name, String labels, String value) {
		out.append(name).append(labels).append(' ').append(value).append('\n');
	}

	private static String written(Map<String, String> labels) {
		if (labels.isEmpty()) {
			return "";
		}
		StringBuilder written = new StringBuilder("{");
		new TreeMap<>(labels).forEach((name, value) -> {
			if (written.length() > 1) {
				written.append(',');
			}
			written.append(name).append("=\"").append(escape(value, true)).append('"');
		});
		return written.append('}').toString();
	}

	private static String escape(String text, boolean quoted) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '"' -> escaped.append(quoted ? "\\\"" : "\"");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "+Inf" : "-Inf";
		}
		return Double.toString(value);
	}

	private interface Series {

		double value();

	}

	/** A counter the supervisor increments. */
	static final class Count implements Series {

		private double count;

		void increment() {
			this.count++;
		}

		@Override
		public double value() {
			return this.count;
		}

	}

	private record Read(DoubleSupplier supplier) implements Series {

		@Override
		public double value() {
			return this.supplier.getAsDouble();
		}

	}

	/** Durations in seconds: how many, their sum, the longest. */
	static final class Summary implements Series {

		private long count;

		private double sum;

		private double max;

		void record(double seconds) {
			this.count++;
			this.sum += seconds;
			this.max = Math.max(this.max, seconds);
		}

		@Override
		public double value() {
			return this.count;
		}

	}

}
