package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster as a whole and one row per worker, as {@code GET /actuator/cluster} shows it: a map
 * for JSON, and a table to read at a glance, like {@code pm2 ls}.
 */
final class ClusterStatus {

	private ClusterStatus() {
	}

	/**
	 * The status.
	 * @param usage whether to read each worker's CPU and memory: not for a health probe, whose
	 * frequent reads would only cost, and would shorten the interval that CPU % covers
	 */
	static Map<String, Object> of(String portSharing, Integer port, List<Worker> workers, List<Worker> replacements,
			ClusterOperation operation, boolean usage) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("portSharing", portSharing);
		status.put("port", port);
		Map<String, Object> instances = new LinkedHashMap<>();
		instances.put("desired", workers.size());
		instances.put("online", workers.stream().filter((w) -> w.state == WorkerState.ONLINE).count());
		status.put("instances", instances);
		if (operation != null) {
			status.put("operation", operation.describe());
		}
		Instant now = Instant.now();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Worker worker : workers) {
			Map<String, Object> row = row(worker, now, usage);
			replacements.stream()
				.filter((r) -> r.id == worker.id)
				.findFirst()
				.ifPresent((r) -> row.put("replacement", row(r, now, usage)));
			rows.add(row);
		}
		status.put("workers", rows);
		return status;
	}

	private static Map<String, Object> row(Worker worker, Instant now, boolean usage) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("id", worker.id);
		row.put("pid", worker.isAlive() ? worker.pid() : null);
		row.put("state", worker.state.name());
		long uptime = (worker.isAlive() && worker.startedAt != null)
				? Duration.between(worker.startedAt, now).toSeconds() : 0;
		row.put("uptimeSeconds", uptime);
		row.put("restarts", worker.restarts);
		if (usage) {
			row.put("cpuPercent", worker.isAlive() ? worker.sampleCpuPercent(now) : null);
			row.put("memoryBytes", worker.residentMemory());
		}
		row.put("version", worker.version);
		return row;
	}

	@SuppressWarnings("unchecked")
	static String table(Map<String, Object> status) {
		StringBuilder text = new StringBuilder();
		Map<String, Object> instances = (Map<String, Object>) status.get("instances");
		String where = (status.get("port") != null)
				? "on port " + status.get("port") + ", port sharing " + status.get("portSharing") : "without a port";
		text.append(String.format(Locale.ROOT, "cluster %s, %s of %s worker(s) online%n", where,
				instances.get("online"), instances.get("desired")));
		if (status.get("operation") instanceof Map<?, ?> operation) {
			text.append(String.format(Locale.ROOT, "operation %s %s: %s (%s)%n", operation.get("kind"),
					operation.get("id"), operation.get("outcome"), operation.get("detail")));
		}
		String format = "%-3s %-8s %-16s %-9s %-8s %-7s %-10s %s%n";
		text.append(String.format(Locale.ROOT, format, "id", "pid", "state", "uptime", "restarts", "cpu", "memory",
				"version"));
		for (Map<String, Object> row : (List<Map<String, Object>>) status.get("workers")) {
			appendRow(text, format, row, "");
			if (row.get("replacement") instanceof Map<?, ?> replacement) {
				appendRow(text, format, (Map<String, Object>) replacement, "+");
			}
		}
		return text.toString();
	}

	private static void appendRow(StringBuilder text, String format, Map<String, Object> row, String mark) {
		text.append(String.format(Locale.ROOT, format, mark + row.get("id"), orDash(row.get("pid")), row.get("state"),
				uptime(((Number) row.get("uptimeSeconds")).longValue()), row.get("restarts"),
				(row.get("cpuPercent") != null) ? String.format(Locale.ROOT, "%.1f%%", (Double) row.get("cpuPercent"))
						: "-",
				(row.get("memoryBytes") != null)
						? String.format(Locale.ROOT, "%.1f MB", ((Number) row.get("memoryBytes")).longValue() / 1e6) : "-",
				orDash(row.get("version"))));
	}

	private static String uptime(long seconds) {
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return (seconds / 60) + "m";
		}
		return (seconds / 3600) + "h" + ((seconds % 3600) / 60) + "m";
	}

	private static Object orDash(Object value) {
		return (value != null) ? value : "-";
	}

}
