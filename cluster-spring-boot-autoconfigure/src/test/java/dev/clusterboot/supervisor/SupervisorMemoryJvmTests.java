package dev.clusterboot.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's request for C1 only, in real JVMs: each test starts one with this
 * module's class path, which asks itself as the supervisor does and prints what it holds
 * after.
 */
class SupervisorMemoryJvmTests {

	@Test
	void aJvmWithBothCompilersKeepsC2FromEveryMethod() throws Exception {
		String output = probe();
		assertThat(output).contains("C1 only: 1 compiler directives added");
		// The JVM's own print of its directives: ours comes first, for every method,
		// with C2 excluded and C1 falling through to the JVM's default.
		assertThat(output).containsPattern("(?s)^[^(]*Directive:\\s+matching: \\*\\.\\*\\s+c1 directives:\\s+"
				+ "inline: -\\s+Enable:false .*?c2 directives:\\s+inline: -\\s+Enable:true Exclude:true ");
	}

	@Test
	void aJvmThatStopsAtC1IsLeftAsItIs() throws Exception {
		assertThat(probe("-XX:TieredStopAtLevel=1"))
			.contains("left as it is: this JVM does not compile with both C1 and C2")
			.doesNotContain("Exclude:true");
	}

	@Test
	void aJvmWithC2AloneIsLeftAsItIsRatherThanInterpreted() throws Exception {
		assertThat(probe("-XX:-TieredCompilation"))
			.contains("left as it is: this JVM does not compile with both C1 and C2")
			.doesNotContain("Exclude:true");
	}

	private static String probe(String... jvmOptions) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), C1OnlyProbe.class.getName()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
			return output;
		}
		finally {
			process.destroyForcibly();
		}
	}

}
