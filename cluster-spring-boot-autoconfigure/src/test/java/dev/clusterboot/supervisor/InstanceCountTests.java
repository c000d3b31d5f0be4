package dev.clusterboot.supervisor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InstanceCountTests {

	@ParameterizedTest
	@CsvSource({ "3, 8, 3", "max, 8, 8", "MAX, 4, 4", "0, 6, 6", "-1, 8, 7", "-3, 4, 1", " 2 , 8, 2", "16, 2, 16" })
	void acceptedForms(String value, int processors, int expected) {
		assertThat(InstanceCount.resolve(value, processors, 32)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "1.5", "", "two", "+" })
	void notANumber(String value) {
		assertThatExceptionOfType(InvalidInstancesException.class).isThrownBy(() -> InstanceCount.resolve(value, 4, 32))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(value))
			.withMessageContaining("not a whole number");
	}

	@Test
	void aNegativeCountThatLeavesNoWorker() {
		assertThatExceptionOfType(InvalidInstancesException.class).isThrownBy(() -> InstanceCount.resolve("-4", 4, 32))
			.withMessageContaining("4 available processor(s), so -4 leaves no worker");
	}

	@Test
	void aCountAboveTheCeilingNamesIt() {
		assertThatExceptionOfType(InvalidInstancesException.class)
			.isThrownBy(() -> InstanceCount.resolve("10000", 4, 32))
			.withMessageContaining("it asks for 10000 workers, above cluster.max-instances (32)");
		assertThat(InstanceCount.resolve("32", 4, 32)).isEqualTo(32);
	}

}
