package dev.clusterboot.supervisor;

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
		try {
			sun.misc.Signal.handle(new sun.misc.Signal("HUP"), (signal) -> {
				logger.info("Received SIGHUP: reloading the workers");
				action.run();
			});
		}
		catch (Throwable ex) {
			logger.debug("SIGHUP cannot be handled here: " + ex);
		}
	}

}
