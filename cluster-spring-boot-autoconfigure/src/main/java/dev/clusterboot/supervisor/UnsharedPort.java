package dev.clusterboot.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.SharedServer;

/**
 * A worker that could not start beside a ready one because the app listens on a port of
 * its own, which the cluster does not share: the first worker holds it, and every other
 * worker fails to bind it, however often it is restarted. Names the ports the ready
 * workers hold that the cluster does not share, read from the system (Linux).
 */
final class UnsharedPort {

	/** Spring Boot's PortInUseException, the JDK's and Netty's BindException. */
	private static final Pattern IN_USE = Pattern
		.compile("(?i)address already in use|\\bBindException|was already in use");

	static final String ACTION = "Give each worker a port of its own, from a property the app reads where it opens "
			+ "the port: for example cluster.worker-jvm-arguments=-Dmy.port={port:N}, which gives each worker JVM the "
			+ "port N plus a number no other running worker holds, or read the worker's index from CLUSTER_INSTANCE. "
			+ "A port that one process must serve alone belongs in an app of its own, outside the cluster.";

	private UnsharedPort() {
	}

	/** Whether an explanation of a failed start says a port was in use. */
	static boolean isPortInUse(@Nullable String explanation) {
		return explanation != null && IN_USE.matcher(explanation).find();
	}

	/**
	 * The explanation to report instead of the app's own.
	 * @param index the worker that could not start
	 * @param said what the app said
	 * @param ready the ready workers, one of which holds the port
	 * @param shared the ports the cluster shares (public ones)
	 * @return Spring Boot's shape: a description and an action
	 */
	static String explain(int index, String said, Collection<WorkerProcess> ready, Set<Integer> shared) {
		List<String> holders = new ArrayList<>();
		for (WorkerProcess process : ready) {
			Set<Integer> own = ownPorts(process, shared);
			if (!own.isEmpty()) {
				holders.add(process.describe() + " listens on " + ((own.size() == 1) ? "port " : "ports ")
						+ String.join(", ", own.stream().map(String::valueOf).toList()));
			}
		}
		String who = holders.isEmpty() ? "another worker is ready, and holds it"
				: String.join("; ", holders) + ", which the cluster does not share";
		return "Description:\n\nWorker " + index + " could not listen on a port: " + who + ". The cluster shares "
				+ "server.port, management.server.port, " + SharedServer.GRPC.portProperty() + " and "
				+ SharedServer.RSOCKET.portProperty() + " among its workers; a port the app opens itself (a "
				+ "ServerSocket of its own, a library's server) is bound by the first worker alone, and no other "
				+ "worker can start, however often it is restarted.\n\nThe app said:\n\n" + said.strip()
				+ "\n\nAction:\n\n" + ACTION;
	}

	/**
	 * The ports a ready worker listens on that are neither the cluster's nor its own
	 * known ones, nor taken from the ephemeral range, as a port bound to 0 is.
	 */
	private static Set<Integer> ownPorts(WorkerProcess process, Set<Integer> shared) {
		Set<Integer> known = new TreeSet<>(shared);
		known.add(process.port());
		if (process.managementPort() != null) {
			known.add(process.managementPort());
		}
		for (SharedServer.Listening server : process.servers()) {
			known.add(server.port());
			known.add(server.listenPort());
		}
		int[] ephemeral = ephemeralRange();
		Set<Integer> own = new TreeSet<>();
		for (int port : process.jvm().listeningPorts()) {
			if (!known.contains(port) && (port < ephemeral[0] || port > ephemeral[1])) {
				own.add(port);
			}
		}
		return own;
	}

	/** The ports the kernel picks for a bind to port 0; Linux's default where unknown. */
	private static int[] ephemeralRange() {
		try {
			String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
			return new int[] { Integer.parseInt(range[0]), Integer.parseInt(range[1]) };
		}
		catch (IOException | RuntimeException ex) {
			return new int[] { 32768, 60999 };
		}
	}

}
