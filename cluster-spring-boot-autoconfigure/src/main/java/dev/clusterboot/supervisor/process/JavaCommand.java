package dev.clusterboot.supervisor.process;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The command that started this JVM, to start each worker the same way:
 * {@code java -jar app.jar}, a class path and main class as {@code spring-boot:run} and
 * IDEs launch it, JVM options and program arguments kept.
 *
 * <p>
 * Debugger agents are dropped: every worker would try to listen on the same debug port.
 */
public final class JavaCommand {

	/** Launcher options whose value is the next argument. */
	private static final Set<String> OPTIONS_WITH_A_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p",
			"--module-path", "--upgrade-module-path", "--add-modules", "--add-reads", "--add-exports", "--add-opens",
			"--limit-modules", "--patch-module", "--enable-native-access");

	private final List<String> command;

	JavaCommand(List<String> command) {
		this.command = List.copyOf(command);
	}

	/**
	 * The command of the current process.
	 * @param programArguments the arguments {@code main} received, used when the
	 * operating system does not tell the full command line
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

	/**
	 * {@code -jar app.jar} or {@code -cp classpath MainClass}, from the launcher's
	 * properties.
	 */
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
			if (argument.startsWith("-agentlib:jdwp") || argument.startsWith("-Xrunjdwp")
					|| argument.equals("-Xdebug")) {
				continue;
			}
			kept.add(argument);
		}
		return kept;
	}

	/**
	 * This command with one more JVM option, placed right after the executable, where the
	 * launcher reads options whatever follows ({@code -jar}, a main class, {@code -m}).
	 * @param option the option
	 * @return the new command
	 */
	public JavaCommand withJvmOption(String option) {
		List<String> command = new ArrayList<>(this.command);
		command.add(1, option);
		return new JavaCommand(command);
	}

	/**
	 * The JVM options: what comes between the executable and the launch target
	 * ({@code -jar}, {@code -m}, or the main class).
	 * @return the options, as given
	 */
	public List<String> jvmOptionsBeforeTarget() {
		return this.command.subList(1, targetIndex());
	}

	/**
	 * This command with other JVM options.
	 * @param options the options in place of {@link #jvmOptionsBeforeTarget()}
	 * @return the new command
	 */
	public JavaCommand withJvmOptionsBeforeTarget(List<String> options) {
		List<String> command = new ArrayList<>();
		command.add(this.command.get(0));
		command.addAll(options);
		command.addAll(this.command.subList(targetIndex(), this.command.size()));
		return new JavaCommand(command);
	}

	/**
	 * This command with more JVM options, after its own, so that they win over them.
	 * @param options the options to add
	 * @return the new command
	 */
	public JavaCommand withMoreJvmOptions(List<String> options) {
		List<String> command = new ArrayList<>(this.command);
		command.addAll(targetIndex(), options);
		return new JavaCommand(command);
	}

	/** Where the launch target starts, or the end of the command when it has none. */
	private int targetIndex() {
		for (int i = 1; i < this.command.size(); i++) {
			String argument = this.command.get(i);
			if (argument.equals("-jar") || argument.equals("-m") || argument.equals("--module")
					|| !argument.startsWith("-")) {
				return i;
			}
			if (OPTIONS_WITH_A_VALUE.contains(argument)) {
				i++;
			}
		}
		return this.command.size();
	}

	/**
	 * The executable jar this command starts ({@code java [options] -jar app.jar}).
	 * @return the jar, or {@code null} when the app starts from a class path and main
	 * class or a module
	 */
	public @Nullable Path jar() {
		int at = jarIndex();
		return (at > 0) ? Path.of(this.command.get(at)) : null;
	}

	/** The JVM options: what comes between the executable and {@code -jar}. */
	public List<String> jvmOptions() {
		int at = jarIndex();
		return (at > 0) ? this.command.subList(1, at - 1) : List.of();
	}

	/** The program arguments: what comes after the jar. */
	public List<String> programArguments() {
		int at = jarIndex();
		return (at > 0) ? this.command.subList(at + 1, this.command.size()) : List.of();
	}

	/**
	 * This command starting another jar, the same program arguments given to it.
	 * @param jar the jar in place of this command's
	 * @param jvmOptions more JVM options, placed after the existing ones
	 * @return the new command
	 * @throws IllegalStateException when this command does not start a jar
	 */
	public JavaCommand withJar(Path jar, List<String> jvmOptions) {
		int at = jarIndex();
		if (at < 0) {
			throw new IllegalStateException("Not a java -jar command: " + this);
		}
		List<String> command = new ArrayList<>(this.command.subList(0, at - 1));
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(this.command.subList(at + 1, this.command.size()));
		return new JavaCommand(command);
	}

	/**
	 * Where the jar's path is in the command, or -1: options that take a separate value
	 * skipped.
	 */
	private int jarIndex() {
		for (int i = 1; i < this.command.size(); i++) {
			String argument = this.command.get(i);
			if (argument.equals("-jar")) {
				return (i + 1 < this.command.size()) ? i + 1 : -1;
			}
			if (OPTIONS_WITH_A_VALUE.contains(argument)) {
				i++;
			}
			else if (!argument.startsWith("-")) {
				// A main class: the app runs from a class path.
				return -1;
			}
		}
		return -1;
	}

	/**
	 * Which build of the app this command starts now: the modification time of the jar
	 * ({@code -jar}) or of the first class path entry, read at each call, so that a jar
	 * replaced by a rename or rebuilt classes show as a new version.
	 * @return a label such as {@code app.jar 2026-11-25T00:38:25Z}, or {@code null}
	 */
	public @Nullable String appVersion() {
		for (int i = 1; i < this.command.size() - 1; i++) {
			String option = this.command.get(i);
			String target = switch (option) {
				case "-jar" -> this.command.get(i + 1);
				case "-cp", "-classpath", "--class-path" -> this.command.get(i + 1).split(File.pathSeparator)[0];
				default -> null;
			};
			if (target != null) {
				File file = new File(target);
				return file.exists() ? file.getName() + " "
						+ Instant.ofEpochMilli(file.lastModified()).truncatedTo(ChronoUnit.SECONDS) : null;
			}
		}
		return null;
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
