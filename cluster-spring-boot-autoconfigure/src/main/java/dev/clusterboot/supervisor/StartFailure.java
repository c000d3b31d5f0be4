package dev.clusterboot.supervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a cluster that could not start, in Spring Boot's own shape: every worker failed
 * every start attempt, and here is what the app said, once for each different explanation.
 */
final class StartFailure {

	private StartFailure() {
	}

	static String report(List<Worker> workers, int attempts) {
		Map<String, List<Integer>> byExplanation = new LinkedHashMap<>();
		for (Worker worker : workers) {
			String explanation = (worker.startFailure != null) ? worker.startFailure
					: "The worker gave no reason: it exited before it could tell, see its output above.";
			byExplanation.computeIfAbsent(explanation, (key) -> new java.util.ArrayList<>()).add(worker.id);
		}
		StringBuilder report = new StringBuilder();
		report.append("\n\n***************************\nCLUSTER FAILED TO START\n***************************\n\n");
		report.append("Every worker failed to start, ").append(attempts)
			.append(" time(s) each (cluster.start-attempts), so the app cannot start here. ");
		report.append((byExplanation.size() == 1) ? "The app's own error:\n" : "The app's own errors:\n");
		byExplanation.forEach((explanation, ids) -> {
			if (byExplanation.size() > 1) {
				report.append("\nWorker(s) ").append(ids).append(":");
			}
			report.append("\n").append(explanation).append("\n");
		});
		return report.toString();
	}

}
