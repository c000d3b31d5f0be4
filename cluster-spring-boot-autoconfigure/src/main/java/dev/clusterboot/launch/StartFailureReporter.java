package dev.clusterboot.launch;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * In a worker, passes Spring Boot's analysis of a failed start-up (the "APPLICATION
 * FAILED TO START" description and action) to the supervisor, beside the report in the
 * worker's own log. Registered in {@code META-INF/spring.factories}; outside a worker it
 * does nothing.
 */
public class StartFailureReporter implements FailureAnalysisReporter {

	@Override
	public void report(FailureAnalysis analysis) {
		String action = (analysis.getAction() != null) ? "\n\nAction:\n\n" + analysis.getAction() : "";
		ClusterLauncher.reportStartFailure("Description:\n\n" + analysis.getDescription() + action);
	}

}
