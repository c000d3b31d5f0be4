package dev.clusterboot.worker;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * How a worker JVM stops, apart from the supervisor's asking: it ignores a terminal's
 * Ctrl-C, and halts when a graceful shutdown hangs.
 */
final class WorkerSignals {

	private static final Log logger = LogFactory.getLog(WorkerAgent.class);

	private WorkerSignals() {
	}

	/**
	 * A terminal's Ctrl-C reaches the whole process group; the supervisor, not each
	 * worker on its own, decides how workers stop.
	 */
	static void ignoreInterrupt() {
		try {
			sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
		}
		catch (Throwable ex) {
			logger.debug("Could not ignore SIGINT: " + ex);
		}
	}

	/**
	 * Halt if a graceful shutdown hangs, so that no worker outlives its supervisor for
	 * long.
	 * @param shutdownTimeout how long the graceful shutdown may take
	 */
	static void haltAfter(Duration shutdownTimeout) {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(shutdownTimeout.toMillis());
				logger.error("Graceful shutdown took longer than cluster.shutdown-timeout: halting");
				Runtime.getRuntime().halt(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "cluster-worker-shutdown-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

}
