package dev.clusterboot.supervisor;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command that started this JVM, to start each worker the same way: {@code java -jar app.jar},
 * a class path and main class as {@code spring-boot:run} and IDEs launch it, JVM options and
 * program arguments kept.
 *
 * <p>Debugger agents are dropped: every worker would try to listen on the same debug port.
 */
public final class JavaCommand {

	private final List<String> command;

	JavaCommand(List<String> command) {
		this.command = List.copyOf(command);
	}

	/**
	 * The command of the current process.
	 * @param programArguments the arguments {@code main} received, used when the operating system
	 * does not tell the full command line
	 * @return the command
	 */
	public static JavaCommand ofCurrentProcess(String[] programArguments) {
		ProcessHandle.Info info = ProcessHandle.current().info();
		Optional<String[]> arguments = info.arguments();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>();
		command.add(info.command().orElse(java));
		if (arguments.isPresent() && arguments.get().length > 0) {
			// Linux and macOS report the exact argument vector.
			command.addAll(Arrays.asList(arguments.get()));
		}
		else {
			command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
			command.addAll(launchTarget());
			command.addAll(Arrays.asList(programArguments));
		}
		return new JavaCommand(withoutDebugAgents(command));
	}

	/** {@code -jar app.jar} or {@code -cp classpath MainClass}, from the launcher's properties. */
	private static List<String> launchTarget() {
		String javaCommand = System.getProperty("sun.java.command", "");
		String first = javaCommand.split(" ", 2)[0];
		if (first.endsWith(".jar")) {
			return List.of("-jar", first);
		}
		return List.of("-cp", System.getProperty("java.class.path"), first);
	}

	static List<String> withoutDebugAgents(List<String> command) {
		List<String> kept = new ArrayList<>(command.size());
		for (String argument : command) {
			if (argument.startsWith("-agentlib:jdwp") || argument.startsWith("-Xrunjdwp") || argument.equals("-Xdebug")) {
				continue;
			}
			kept.add(argument);
		}
		return kept;
	}

	/**
	 * This command with one more JVM option, placed right after the executable, where the launcher
	 * reads options whatever follows ({@code -jar}, a main class, {@code -m}).
	 * @param option the option
	 * @return the new command
	 */
	public JavaCommand withJvmOption(String option) {
		List<String> command = new ArrayList<>(this.command);
		command.add(1, option);
		return new JavaCommand(command);
	}

	/** The command as a list, the executable first. */
	public List<String> asList() {
		return this.command;
	}

	@Override
	public String toString() {
		return String.join(" ", this.command);
	}

}
