package dev.clusterboot.supervisor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScaleTargetTests {

	@ParameterizedTest
	@CsvSource({ "4, 2, 4", "+2, 2, 4", "-1, 3, 2", "max, 2, 8", "MAX, 5, 8", " 1 , 3, 1" })
	void acceptedForms(String value, int current, int expected) {
		assertThat(ScaleTarget.resolve(value, current, 8, 16)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "abc, instances must be", "1.5, instances must be", "0, at least one", "-2, at least one",
			"'', Missing instances" })
	void rejectedForms(String value, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> ScaleTarget.resolve(value, 2, 8, 16))
			.withMessageContaining(message);
	}

	@ParameterizedTest
	@CsvSource({ "10000, 2", "+15, 2", "2147483647, 2", "+2147483647, 5" })
	void aTargetAboveTheCeilingNamesIt(String value, int current) {
		assertThatIllegalArgumentException().isThrownBy(() -> ScaleTarget.resolve(value, current, 8, 16))
			.withMessageContaining("cluster.max-instances (16)");
	}

}
