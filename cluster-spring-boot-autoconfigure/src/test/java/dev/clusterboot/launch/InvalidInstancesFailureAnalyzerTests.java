package dev.clusterboot.launch;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.clusterboot.supervisor.InstanceCount;
import dev.clusterboot.supervisor.InvalidInstancesException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InvalidInstancesFailureAnalyzerTests {

	@Test
	void namesThePropertyTheValueAndTheAcceptedForms() {
		InvalidInstancesException failure = catchThrowableOfType(InvalidInstancesException.class,
				() -> InstanceCount.resolve("1.5", 4, 32));
		FailureAnalysis analysis = new InvalidInstancesFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription())
			.isEqualTo("The property 'cluster.instances' has the value '1.5', which cannot be used: "
					+ "it is not a whole number, 'max' or '-N'.");
		assertThat(analysis.getAction()).contains("Set 'cluster.instances'")
			.contains("max")
			.contains("-N")
			.contains("cluster.enabled=false");
	}

	@Test
	void aJUnitRunIsNeverASupervisor() {
		assertThat(ClusterLauncher.launchedFromTest()).isTrue();
	}

}
