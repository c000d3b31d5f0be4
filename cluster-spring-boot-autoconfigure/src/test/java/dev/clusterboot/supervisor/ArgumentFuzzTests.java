package dev.clusterboot.supervisor;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.fuzz.Fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzzes what an operator or a request passes as a count: a scale's {@code instances}
 * (from the endpoint), {@code cluster.instances} (from configuration), and the log form
 * of any value. A count resolves to a number of workers from 1 to the ceiling, or is
 * refused with a message of one printable line; nothing else may come out.
 * {@code -Dfuzz.iterations} runs it longer.
 */
class ArgumentFuzzTests {

	private static final int PROCESSORS = 4;

	private static final int MAX_INSTANCES = 16;

	private static final List<String> SEEDS = List.of("2", "+1", "-1", "max", "0", "-3", "16", "+15", "MAX", " 3 ");

	private static final List<String> TOKENS = List.of("+", "-", "0", "9", "2147483647", "-2147483648", "99999999999",
			"max", "\n", "\r\n", "\u2028", "\u0000", "\u202e", " ", "1e3", "0x10", "%n", "${x}");

	@Test
	void scaleTargetsAreWithinTheCeilingOrRefused() {
		Random random = new Random(Fuzz.seed());
		long iterations = Fuzz.iterations(50_000);
		long accepted = 0;
		for (long i = 0; i < iterations; i++) {
			String value = Fuzz.mutate(SEEDS.get(random.nextInt(SEEDS.size())), TOKENS, random);
			int current = 1 + random.nextInt(MAX_INSTANCES);
			try {
				int target = ScaleTarget.resolve(value, current, PROCESSORS, MAX_INSTANCES);
				assertThat(target).as("scale '%s' from %d", value, current).isBetween(1, MAX_INSTANCES);
				accepted++;
			}
			catch (IllegalArgumentException ex) {
				assertOneLine(ex.getMessage());
			}
			catch (RuntimeException ex) {
				fail("scale '%s' threw %s", Untrusted.forLog(value), ex);
			}
		}
		Fuzz.report("scale targets", iterations, accepted);
	}

	@Test
	void instanceCountsAreWithinTheCeilingOrRefused() {
		Random random = new Random(Fuzz.seed());
		long iterations = Fuzz.iterations(50_000);
		long accepted = 0;
		for (long i = 0; i < iterations; i++) {
			String value = Fuzz.mutate(SEEDS.get(random.nextInt(SEEDS.size())), TOKENS, random);
			try {
				int count = InstanceCount.resolve(value, PROCESSORS, MAX_INSTANCES);
				assertThat(count).as("cluster.instances=%s", value).isBetween(1, MAX_INSTANCES);
				accepted++;
			}
			catch (InvalidInstancesException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
			catch (RuntimeException ex) {
				fail("cluster.instances=%s threw %s", Untrusted.forLog(value), ex);
			}
		}
		Fuzz.report("instance counts", iterations, accepted);
	}

	@Test
	void anyValuePrintsAsOneBoundedLine() {
		Random random = new Random(Fuzz.seed());
		long iterations = Fuzz.iterations(50_000);
		for (long i = 0; i < iterations; i++) {
			String value = Fuzz.mutate(SEEDS.get(random.nextInt(SEEDS.size())), TOKENS, random)
				.repeat(1 + random.nextInt(40));
			String printed = Untrusted.forLog(value);
			assertOneLine(printed);
			assertThat(printed.length()).isLessThanOrEqualTo(6 * Untrusted.PRINTED_LENGTH + 32);
		}
		Fuzz.report("logged values", iterations, iterations);
	}

	private static void assertOneLine(String message) {
		assertThat(message).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
	}

}
