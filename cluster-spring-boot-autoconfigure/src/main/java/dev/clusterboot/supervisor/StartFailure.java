package dev.clusterboot.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a cluster that could not start, in Spring Boot's own shape: every worker
 * failed every start attempt, and here is what the app said, once for each different
 * explanation.
 */
final class StartFailure {

	private static final String BANNER = "\n\n***************************\nCLUSTER FAILED TO START\n"
			+ "***************************\n\n";

	private StartFailure() {
	}

	/**
	 * The report.
	 * @param explanations each worker's last explanation, by index; {@code null} when it
	 * gave none
	 * @param attempts the start attempts each worker had
	 * @return the report, to log last
	 */
	/**
	 * The report of a cluster whose workers cannot all start, since one holds a port the
	 * others need.
	 * @param explanation what the worker that could not start said, and what to do
	 * @return the report, to log last
	 */
	static String cannotListen(String explanation) {
		return BANNER + "A worker could not start beside a ready one, and would not however often it were "
				+ "restarted, so the cluster cannot start:\n\n" + explanation + "\n";
	}

	static String report(Map<Integer, String> explanations, int attempts) {
		Map<String, List<Integer>> byExplanation = new LinkedHashMap<>();
		explanations.forEach(
				(index, explanation) -> byExplanation
					.computeIfAbsent((explanation != null) ? explanation
							: "The worker gave no reason: it exited before it could tell, see its output above.",
							(key) -> new ArrayList<>())
					.add(index));
		StringBuilder report = new StringBuilder();
		report.append(BANNER);
		report.append("Every worker failed to start, ")
			.append(attempts)
			.append(" time(s) each (cluster.start-attempts), so the app cannot start here. ");
		report.append((byExplanation.size() == 1) ? "The app's own error:\n" : "The app's own errors:\n");
		byExplanation.forEach((explanation, indexes) -> {
			if (byExplanation.size() > 1) {
				report.append("\nWorker(s) ").append(indexes).append(":");
			}
			report.append("\n").append(explanation).append("\n");
		});
		return report.toString();
	}

}
