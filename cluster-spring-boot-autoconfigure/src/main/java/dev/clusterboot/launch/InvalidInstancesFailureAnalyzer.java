package dev.clusterboot.launch;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.clusterboot.supervisor.InvalidInstancesException;

/**
 * Explains a bad {@code cluster.instances} the way Spring Boot explains bad
 * configuration.
 */
class InvalidInstancesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidInstancesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidInstancesException cause) {
		String description = String.format(
				"The property 'cluster.instances' has the value '%s', which cannot be used: %s.", cause.getValue(),
				cause.getReason());
		String action = """
				Set 'cluster.instances' to one of:
				    N     a positive number of worker JVMs, for example 4
				    max   (or 0) one worker per available processor (container-aware)
				    -N    the available processors minus N, leaving at least one worker
				or remove it (or set 'cluster.enabled=false') to run the app as a single process.
				A count above 'cluster.max-instances' (four per processor, at least 8) needs that raised too.""";
		return new FailureAnalysis(description, action, cause);
	}

}
