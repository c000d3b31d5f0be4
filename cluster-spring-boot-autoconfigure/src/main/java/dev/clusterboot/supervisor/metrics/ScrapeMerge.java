package dev.clusterboot.supervisor.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Merges Prometheus text expositions (format 0.0.4 or OpenMetrics text) of several
 * sources into one: each metric family once, with its {@code # HELP}, {@code # TYPE} and
 * {@code # UNIT} from the first source that has it, then the samples of every source. A
 * worker's samples get the label {@code worker="N"}, so that no two series are the same;
 * a label of that name the app already set is kept as {@code exported_worker}, as
 * Prometheus itself does with clashing target labels.
 *
 * <p>
 * A family whose type differs between sources (during a reload to a version that changed
 * a meter) keeps the first source's samples only: mixing them would make the exposition
 * invalid.
 */
public final class ScrapeMerge {

	private static final String EOF = "# EOF";

	private final Map<String, Family> families = new LinkedHashMap<>();

	private boolean openMetrics;

	/**
	 * Add a source whose series are already distinct, such as the supervisor's own
	 * meters.
	 * @param text the exposition
	 * @return this merge
	 */
	public ScrapeMerge add(String text) {
		return add(text, null);
	}

	/**
	 * Add a worker's exposition, labelling each of its samples with its index.
	 * @param text the exposition
	 * @param worker the worker index, or {@code null} for no label
	 * @return this merge
	 */
	public ScrapeMerge add(String text, @Nullable Integer worker) {
		for (Family family : parse(text, worker)) {
			Family merged = this.families.putIfAbsent(family.name, family);
			if (merged != null && Objects.equals(merged.type, family.type)) {
				merged.samples.addAll(family.samples);
			}
		}
		return this;
	}

	/**
	 * The families of one exposition, in order, each sample labelled if a worker is
	 * given.
	 */
	private List<Family> parse(String text, @Nullable Integer worker) {
		List<Family> parsed = new ArrayList<>();
		Family current = null;
		for (String line : text.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			if (line.equals(EOF)) {
				this.openMetrics = true;
				continue;
			}
			if (line.startsWith("#")) {
				String[] parts = line.split(" ", 4);
				if (parts.length < 3 || !List.of("HELP", "TYPE", "UNIT").contains(parts[1])) {
					continue;
				}
				if (current == null || !current.name.equals(parts[2])) {
					current = new Family(parts[2]);
					parsed.add(current);
				}
				current.meta.add(line);
				if (parts[1].equals("TYPE") && parts.length > 3) {
					current.type = parts[3];
				}
				continue;
			}
			if (current == null) {
				// Samples without metadata: an untyped family named after the sample.
				current = new Family(metricName(line));
				parsed.add(current);
			}
			current.samples.add((worker != null) ? withWorkerLabel(line, worker) : line);
		}
		return parsed;
	}

	/** The merged exposition. */
	public String text() {
		StringBuilder text = new StringBuilder();
		for (Family family : this.families.values()) {
			family.meta.forEach((line) -> text.append(line).append('\n'));
			family.samples.forEach((line) -> text.append(line).append('\n'));
		}
		if (this.openMetrics) {
			text.append(EOF).append('\n');
		}
		return text.toString();
	}

	private static String metricName(String sample) {
		int end = 0;
		while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
			end++;
		}
		return sample.substring(0, end);
	}

	/**
	 * Add {@code worker="N"} to a sample line, renaming a {@code worker} label it already
	 * has.
	 * @param sample {@code name{labels} value [timestamp] [# exemplar]} or
	 * {@code name value ...}
	 * @param worker the worker index
	 * @return the labelled sample
	 */
	static String withWorkerLabel(String sample, int worker) {
		String label = SupervisorMeters.WORKER_TAG + "=\"" + worker + "\"";
		String name = metricName(sample);
		int at = name.length();
		if (at >= sample.length() || sample.charAt(at) != '{') {
			return name + "{" + label + "}" + sample.substring(at);
		}
		String labels = renameWorkerLabel(sample, at + 1);
		boolean empty = labels.charAt(at + 1) == '}';
		return labels.substring(0, at + 1) + label + (empty ? "" : ",") + labels.substring(at + 1);
	}

	/**
	 * Walk the label set from {@code start}, quoted values and their escapes included.
	 */
	private static String renameWorkerLabel(String sample, int start) {
		StringBuilder result = new StringBuilder(sample.substring(0, start));
		int i = start;
		while (i < sample.length() && sample.charAt(i) != '}') {
			int equals = sample.indexOf('=', i);
			if (equals < 0) {
				return sample;
			}
			String labelName = sample.substring(i, equals).strip();
			result.append(labelName.equals(SupervisorMeters.WORKER_TAG) ? "exported_" + labelName : labelName)
				.append('=');
			int j = equals + 1;
			if (j >= sample.length() || sample.charAt(j) != '"') {
				return sample;
			}
			j++;
			while (j < sample.length() && sample.charAt(j) != '"') {
				j += (sample.charAt(j) == '\\') ? 2 : 1;
			}
			result.append(sample, equals + 1, Math.min(j + 1, sample.length()));
			i = j + 1;
			if (i < sample.length() && sample.charAt(i) == ',') {
				result.append(',');
				i++;
			}
		}
		return result.append(sample.substring(Math.min(i, sample.length()))).toString();
	}

	private static final class Family {

		final String name;

		final List<String> meta = new ArrayList<>();

		final List<String> samples = new ArrayList<>();

		@Nullable String type;

		Family(String name) {
			this.name = name;
		}

	}

}
