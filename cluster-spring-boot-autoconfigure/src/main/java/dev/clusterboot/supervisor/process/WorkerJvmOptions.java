package dev.clusterboot.supervisor.process;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The JVM options that must differ between workers. Options of the launch line that make
 * a JVM listen on a port (JMX's) would bind the same port in every worker, and every
 * worker would exit with "port already in use": each worker JVM gets the port plus its
 * JVM number instead. {@code cluster.worker-jvm-arguments} are added to each worker's
 * command line, with {@code {instance}} replaced by the worker index and {@code {port:N}}
 * by N plus the JVM number.
 *
 * <p>
 * The JVM number, from 1, is held by no other running worker JVM of the supervisor: a
 * reload replacement runs beside the JVM it replaces, which has the same index but
 * another number, so the two never bind the same port.
 */
public final class WorkerJvmOptions {

	/** Well-known system properties whose value is a port the JVM listens on. */
	private static final List<String> PORT_PROPERTIES = List.of("com.sun.management.jmxremote.port",
			"com.sun.management.jmxremote.rmi.port");

	private static final Pattern PORT_PLACEHOLDER = Pattern.compile("\\{port:(\\d{1,9})\\}");

	private final List<PortOption> portOptions;

	private final List<String> workerArguments;

	private WorkerJvmOptions(List<PortOption> portOptions, List<String> workerArguments) {
		this.portOptions = portOptions;
		this.workerArguments = workerArguments;
	}

	/**
	 * Take the port options out of the launch line, to give each worker its own.
	 * @param command the supervisor's launch line
	 * @param workerArguments {@code cluster.worker-jvm-arguments}
	 * @return the options, and the command without the port options
	 */
	public static Split split(JavaCommand command, List<String> workerArguments) {
		List<PortOption> portOptions = new ArrayList<>();
		List<String> kept = new ArrayList<>();
		for (String argument : command.jvmOptionsBeforeTarget()) {
			PortOption port = PortOption.parse(argument);
			if (port != null && port.base() > 0) {
				portOptions.add(port);
			}
			else {
				kept.add(argument);
			}
		}
		return new Split(command.withJvmOptionsBeforeTarget(kept),
				new WorkerJvmOptions(List.copyOf(portOptions), List.copyOf(workerArguments)));
	}

	/**
	 * The options of one worker JVM.
	 * @param instance the worker index
	 * @param jvmNumber a number from 1 that no other running worker JVM holds
	 * @return the options, in the order they are placed before the launch target
	 */
	public List<String> forJvm(int instance, int jvmNumber) {
		List<String> options = new ArrayList<>();
		for (PortOption port : this.portOptions) {
			options.add("-D" + port.property() + "=" + (port.base() + jvmNumber));
		}
		for (String argument : this.workerArguments) {
			Matcher matcher = PORT_PLACEHOLDER.matcher(argument.replace("{instance}", Integer.toString(instance)));
			StringBuilder replaced = new StringBuilder();
			while (matcher.find()) {
				matcher.appendReplacement(replaced, Integer.toString(Integer.parseInt(matcher.group(1)) + jvmNumber));
			}
			matcher.appendTail(replaced);
			options.add(replaced.toString());
		}
		return options;
	}

	/** Whether a worker gets any option of its own. */
	public boolean isEmpty() {
		return this.portOptions.isEmpty() && this.workerArguments.isEmpty();
	}

	/** For the log: which port options each worker gets instead of the launch line's. */
	public String describePorts() {
		return String.join(", ",
				this.portOptions.stream()
					.map((port) -> port.property() + "=" + port.base() + " becomes " + (port.base() + 1) + ", "
							+ (port.base() + 2) + ", ...")
					.toList());
	}

	/** Whether the launch line had port options, now given to each worker its own. */
	public boolean hasPortOptions() {
		return !this.portOptions.isEmpty();
	}

	/**
	 * The launch line without its port options, and the options of each worker.
	 *
	 * @param command the command each worker starts from
	 * @param options what each worker JVM adds to it
	 */
	public record Split(JavaCommand command, WorkerJvmOptions options) {
	}

	private record PortOption(String property, int base) {

		static @Nullable PortOption parse(String argument) {
			for (String property : PORT_PROPERTIES) {
				String prefix = "-D" + property + "=";
				if (argument.startsWith(prefix)) {
					try {
						return new PortOption(property, Integer.parseInt(argument.substring(prefix.length()).trim()));
					}
					catch (NumberFormatException ex) {
						return null;
					}
				}
			}
			return null;
		}

	}

}
