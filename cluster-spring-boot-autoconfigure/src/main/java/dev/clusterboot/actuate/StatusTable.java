package dev.clusterboot.actuate;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.WorkerStatus;

/**
 * The cluster's status as a table to read at a glance, like {@code pm2 ls}: what
 * {@code GET /actuator/cluster} answers to {@code Accept: text/plain}.
 */
final class StatusTable {

	private static final String ROW = "%-3s %-8s %-16s %-9s %-8s %-7s %-10s %s%n";

	private StatusTable() {
	}

	static String of(ClusterStatus status) {
		StringBuilder text = new StringBuilder();
		StringBuilder where = new StringBuilder((status.port() != null) ? "on port " + status.port() : "");
		for (ClusterStatus.ServerPort server : status.servers()) {
			where.append((where.length() > 0) ? ", " : "on ")
				.append(server.server())
				.append(" port ")
				.append(server.port());
		}
		if (where.length() > 0) {
			where.append(", port sharing ").append(status.portSharing());
		}
		else {
			where.append("without a port");
		}
		text.append(String.format(Locale.ROOT, "cluster %s, %s of %s worker(s) online%n", where,
				status.instances().online(), status.instances().desired()));
		OperationReport operation = status.operation();
		if (operation != null) {
			text.append(String.format(Locale.ROOT, "operation %s %s: %s (%s)%n", operation.kind(), operation.id(),
					operation.outcome(), operation.detail()));
		}
		text.append(String.format(Locale.ROOT, ROW, "id", "pid", "state", "uptime", "restarts", "cpu", "memory",
				"version"));
		for (WorkerStatus worker : status.workers()) {
			appendRow(text, worker, "");
			if (worker.replacement() != null) {
				appendRow(text, worker.replacement(), "+");
			}
		}
		return text.toString();
	}

	private static void appendRow(StringBuilder text, WorkerStatus worker, String mark) {
		text.append(
				String.format(Locale.ROOT, ROW, mark + worker.id(), orDash(worker.pid()), worker.state(),
						uptime(worker.uptimeSeconds()), worker.restarts(),
						(worker.cpuPercent() != null) ? String.format(Locale.ROOT, "%.1f%%", worker.cpuPercent()) : "-",
						(worker.memoryBytes() != null)
								? String.format(Locale.ROOT, "%.1f MB", worker.memoryBytes() / 1e6) : "-",
						orDash(worker.version())));
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

	private static Object orDash(@Nullable Object value) {
		return (value != null) ? value : "-";
	}

}
