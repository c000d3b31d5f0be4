package dev.clusterboot.supervisor.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP ports a process listens on, as Linux tells in {@code /proc}: the sockets among
 * its descriptors, looked up in its network namespace's tables. Empty where the system
 * does not tell, or the process is gone.
 */
final class ListeningPorts {

	/** A socket's state in {@code /proc/net/tcp}: listening. */
	private static final String LISTEN = "0A";

	private ListeningPorts() {
	}

	static Set<Integer> of(long pid) {
		Path process = Path.of("/proc", Long.toString(pid));
		Set<String> sockets = new HashSet<>();
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
			for (Path descriptor : descriptors) {
				try {
					String target = Files.readSymbolicLink(descriptor).toString();
					if (target.startsWith("socket:[")) {
						sockets.add(target.substring("socket:[".length(), target.length() - 1));
					}
				}
				catch (IOException ex) {
					// Closed meanwhile.
				}
			}
			Set<Integer> ports = new TreeSet<>();
			for (String table : List.of("tcp", "tcp6")) {
				Path path = process.resolve("net").resolve(table);
				if (Files.isReadable(path)) {
					ports.addAll(listening(Files.readAllLines(path), sockets));
				}
			}
			return ports;
		}
		catch (IOException | RuntimeException ex) {
			return Set.of();
		}
	}

	/**
	 * The local ports of the listening sockets among a table's lines: after a header,
	 * {@code sl local_address rem_address st ... inode ...}, with addresses as
	 * {@code HEX:PORT}.
	 */
	static Set<Integer> listening(List<String> table, Set<String> inodes) {
		Set<Integer> ports = new TreeSet<>();
		for (String line : table.subList(Math.min(1, table.size()), table.size())) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length > 9 && LISTEN.equals(fields[3]) && inodes.contains(fields[9])) {
				String local = fields[1];
				ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
			}
		}
		return ports;
	}

}
