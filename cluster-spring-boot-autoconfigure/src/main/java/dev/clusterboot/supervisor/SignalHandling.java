package dev.clusterboot.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Turns SIGTERM and SIGINT into a request to drain and stop, so that the supervisor can
 * stop its workers in order and exit with 0, instead of dying with the JVM's default 143
 * or 130.
 */
final class SignalHandling {

	private static final Log logger = LogFactory.getLog(SignalHandling.class);

	private SignalHandling() {
	}

	/**
	 * Route TERM and INT to a graceful stop, HUP to a reload, and any other exit of the
	 * JVM to the exit hook, which must not let a worker outlive the supervisor.
	 * @param terminate what TERM and INT do
	 * @param reload what HUP does
	 * @param onExit what runs when the JVM exits
	 */
	static void install(Runnable terminate, Runnable reload, Runnable onExit) {
		onTerminate(terminate);
		onReload(reload);
		Runtime.getRuntime().addShutdownHook(new Thread(onExit, "cluster-shutdown-hook"));
	}

	/**
	 * Route TERM and INT to the action. Where the JVM has no {@code sun.misc.Signal}, the
	 * JVM's default handling stays and the supervisor's shutdown hook stops the workers
	 * instead.
	 * @param action what to do on either signal; runs on a signal thread, must not block
	 */
	private static void onTerminate(Runnable action) {
		try {
			for (String name : new String[] { "TERM", "INT" }) {
				sun.misc.Signal.handle(new sun.misc.Signal(name), (signal) -> {
					logger.info("Received SIG" + signal.getName() + ": draining and stopping the workers");
					action.run();
				});
			}
		}
		catch (Throwable ex) {
			logger.debug("Signal handling not available, relying on the shutdown hook: " + ex);
		}
	}

	/**
	 * Route HUP to the action, as gunicorn and unicorn reload on it: {@code kill -HUP},
	 * and so systemd's {@code ExecReload}, reload the workers. Where the JVM has no
	 * {@code sun.misc.Signal} the signal keeps its default, and the Actuator endpoint is
	 * the way to reload.
	 * @param action what to do; runs on a signal thread, must not block
	 */
	private static void onReload(Runnable action) {
		if (ignored(readStatus(), 1)) {
			// The JVM keeps an ignored SIGHUP ignored, and takes the handler without a
			// word: without this line, kill -HUP would do nothing, silently.
			logger.info("SIGHUP is ignored by this process (started with nohup, or by a parent that ignores it): "
					+ "kill -HUP does not reload, POST /actuator/cluster/reload does");
			return;
		}
		try {
			sun.misc.Signal.handle(new sun.misc.Signal("HUP"), (signal) -> {
				logger.info("Received SIGHUP: reloading the workers");
				action.run();
			});
		}
		catch (Throwable ex) {
			logger.info("SIGHUP cannot be handled here (" + ex.getMessage()
					+ "): kill -HUP does not reload, POST /actuator/cluster/reload does");
		}
	}

	/**
	 * Whether a process status, as Linux's {@code /proc/self/status} has it, says that a
	 * signal is ignored.
	 * @param status the status text, empty where there is none
	 * @param signal the signal's number, such as 1 for SIGHUP
	 * @return whether its bit is set in {@code SigIgn}
	 */
	static boolean ignored(String status, int signal) {
		for (String line : status.split("\n")) {
			if (line.startsWith("SigIgn:")) {
				try {
					return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (signal - 1))) != 0;
				}
				catch (NumberFormatException ex) {
					return false;
				}
			}
		}
		return false;
	}

	private static String readStatus() {
		try {
			return Files.readString(Path.of("/proc/self/status"));
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

}
