package dev.clusterboot.supervisor.process;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JavaCommandTests {

	@Test
	void debuggerAgentsAreDroppedAndEverythingElseKeptInOrder() {
		List<String> command = List.of("/jdk/bin/java", "-Xmx1g",
				"-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xdebug", "-Xrunjdwp:transport=dt_socket",
				"-Dapp.name=x y", "-jar", "app.jar", "--server.port=9000");
		assertThat(JavaCommand.withoutDebugAgents(command)).containsExactly("/jdk/bin/java", "-Xmx1g", "-Dapp.name=x y",
				"-jar", "app.jar", "--server.port=9000");
	}

	@Test
	void theJarAndTheJvmOptionsAreFoundPastOptionsThatTakeAValue() {
		JavaCommand command = new JavaCommand(List.of("/jdk/bin/java", "-Xmx1g", "--add-opens",
				"java.base/sun.nio.ch=ALL-UNNAMED", "-jar", "/srv/app.jar", "--server.port=9000"));
		assertThat(command.jar()).isEqualTo(Path.of("/srv/app.jar"));
		assertThat(command.jvmOptions()).containsExactly("-Xmx1g", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
		assertThat(command.withJar(Path.of("/cache/app/app.jar"), List.of("-XX:SharedArchiveFile=/cache/app.jsa"))
			.asList()).containsExactly("/jdk/bin/java", "-Xmx1g", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
					"-XX:SharedArchiveFile=/cache/app.jsa", "-jar", "/cache/app/app.jar", "--server.port=9000");
	}

	@Test
	void aClassPathAndMainClassIsNoJar() {
		JavaCommand command = new JavaCommand(
				List.of("/jdk/bin/java", "-cp", "target/classes:lib/a.jar", "com.example.App", "-jar", "x.jar"));
		assertThat(command.jar()).isNull();
		assertThat(command.jvmOptions()).isEmpty();
	}

	@Test
	void theCurrentProcessIsStartedWithItsOwnJavaAndClassPath() {
		List<String> command = JavaCommand.ofCurrentProcess(new String[0]).asList();
		assertThat(command.get(0)).endsWith("java");
		assertThat(String.join(" ", command)).contains(ProcessHandle.current().info().arguments().orElseThrow()[0]);
	}

}
