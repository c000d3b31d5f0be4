package dev.clusterboot.supervisor.process;

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
	void theCurrentProcessIsStartedWithItsOwnJavaAndClassPath() {
		List<String> command = JavaCommand.ofCurrentProcess(new String[0]).asList();
		assertThat(command.get(0)).endsWith("java");
		assertThat(String.join(" ", command)).contains(ProcessHandle.current().info().arguments().orElseThrow()[0]);
	}

}
