package dev.clusterboot.supervisor.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Relays a worker's standard output or error through the supervisor's, as whole lines,
 * each prefixed with the worker index, so that the lines of several workers never
 * interleave.
 */
public final class WorkerOutput {

	private WorkerOutput() {
	}

	public static void relay(InputStream from, PrintStream to, String prefix, String threadName) {
		Thread pump = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
				String line;
				while ((line = lines.readLine()) != null) {
					// PrintStream.println is synchronized: one worker line stays one
					// line.
					to.println(prefix + line);
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
