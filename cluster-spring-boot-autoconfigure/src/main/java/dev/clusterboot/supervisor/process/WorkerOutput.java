package dev.clusterboot.supervisor.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/**
 * Relays a worker's standard output or error through the supervisor's, as whole lines,
 * each prefixed with the worker index, so that the lines of several workers never
 * interleave.
 */
public final class WorkerOutput {

	private WorkerOutput() {
	}

	/**
	 * Relay one stream of a worker, on a thread of its own.
	 * @param from the worker's stream
	 * @param to the supervisor's
	 * @param prefix put before each line
	 * @param threadName the relaying thread's name
	 * @param watcher sees each line, to notice what explains an exit
	 */
	public static void relay(InputStream from, PrintStream to, String prefix, String threadName,
			Consumer<String> watcher) {
		Thread pump = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
				String line;
				while ((line = lines.readLine()) != null) {
					// PrintStream.println is synchronized: one worker line stays one
					// line.
					to.println(prefix + line);
					watcher.accept(line);
				}
			}
			catch (IOException ex) {
				// The worker is gone; its exit is handled elsewhere.
			}
		}, threadName);
		pump.setDaemon(true);
		pump.start();
	}

}
