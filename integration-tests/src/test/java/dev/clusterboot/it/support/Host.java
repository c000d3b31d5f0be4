package dev.clusterboot.it.support;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests may expect of the host they run on: Linux has every port-sharing
 * mechanism and picks the shared socket; elsewhere only the proxy runs.
 */
public final class Host {

	/** Whether the tests run on Linux. */
	public static final boolean LINUX = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");

	private Host() {
	}

	/** What {@code cluster.port-sharing=auto} picks here. */
	public static String defaultPortSharing() {
		return LINUX ? "shared-socket" : "proxy";
	}

	/**
	 * Whether a command runs here; where it does not, the test is skipped, saying why,
	 * except in CI ({@code CI} set), which installs it and where a skip would hide a gap.
	 * @param command the command, such as {@code python3}
	 * @param why what the test needs it for
	 */
	public static void assumeCommand(String command, String why) {
		boolean present;
		try {
			Process probe = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
			probe.getInputStream().readAllBytes();
			present = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException ex) {
			present = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			present = false;
		}
		String message = command + " is not installed: it " + why;
		if (System.getenv("CI") != null) {
			assertThat(present).as(message).isTrue();
		}
		Assumptions.assumeTrue(present, message);
	}

	/** The mechanisms that work here. */
	public static Stream<String> portSharingMechanisms() {
		return LINUX ? Stream.of("shared-socket", "reuseport", "proxy") : Stream.of("proxy");
	}

}
