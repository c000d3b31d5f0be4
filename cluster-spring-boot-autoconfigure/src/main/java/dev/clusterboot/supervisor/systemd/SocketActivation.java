package dev.clusterboot.supervisor.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The listening sockets systemd passed, as {@code sd_listen_fds(3)} reads them: from
 * descriptor 3 on, {@code LISTEN_FDS} of them, for the process {@code LISTEN_PID} names,
 * with the names of {@code LISTEN_FDNAMES} ({@code FileDescriptorName=} in the socket
 * unit).
 *
 * <p>
 * The app's port is the one named {@code http} or {@code app}, or the only one. A socket
 * named {@code management} is not used: Actuator's own port is relayed by the supervisor,
 * which binds it.
 */
public final class SocketActivation {

	/** The first passed descriptor, after standard input, output and error. */
	static final int FIRST_DESCRIPTOR = 3;

	/**
	 * The variables systemd sets for a socket-activated process, not for its children.
	 */
	public static final List<String> VARIABLES = List.of("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES");

	private final List<Passed> passed;

	private SocketActivation(List<Passed> passed) {
		this.passed = passed;
	}

	/**
	 * Read what systemd passed.
	 * @param environment the process's environment
	 * @param pid this process's id: sockets passed for another process (a parent that did
	 * not clear the variables) are not this one's
	 * @return the passed sockets, none without socket activation
	 * @throws IllegalStateException when the variables are malformed
	 */
	public static SocketActivation from(Map<String, String> environment, long pid) {
		String count = environment.get("LISTEN_FDS");
		String forPid = environment.get("LISTEN_PID");
		if (count == null || forPid == null || !forPid.trim().equals(Long.toString(pid))) {
			return new SocketActivation(List.of());
		}
		int fds;
		try {
			fds = Integer.parseInt(count.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("LISTEN_FDS is '" + count + "', not a number of descriptors");
		}
		String[] names = environment.getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
		List<Passed> passed = new ArrayList<>();
		for (int i = 0; i < fds; i++) {
			String name = (i < names.length && !names[i].isEmpty()) ? names[i] : "unknown";
			passed.add(new Passed(FIRST_DESCRIPTOR + i, name));
		}
		return new SocketActivation(List.copyOf(passed));
	}

	/** Whether systemd passed any socket. */
	public boolean isActive() {
		return !this.passed.isEmpty();
	}

	/** Every passed socket, in order. */
	public List<Passed> passed() {
		return this.passed;
	}

	/**
	 * The socket the app's port is served on.
	 * @return its descriptor, or {@code null} when none was passed
	 * @throws IllegalStateException when several were passed and none is named for the
	 * app
	 */
	public @Nullable Passed appSocket() {
		List<Passed> candidates = this.passed.stream().filter((socket) -> !socket.name().equals("management")).toList();
		if (candidates.size() <= 1) {
			return candidates.isEmpty() ? null : candidates.get(0);
		}
		return candidates.stream()
			.filter((socket) -> socket.name().equals("http") || socket.name().equals("app"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("systemd passed " + this.passed.size() + " sockets ("
					+ this.passed + "); name the app's FileDescriptorName=http in the socket unit"));
	}

	/**
	 * One socket systemd passed.
	 *
	 * @param descriptor its file descriptor
	 * @param name its {@code FileDescriptorName=}, or {@code unknown}
	 */
	public record Passed(int descriptor, String name) {

		@Override
		public String toString() {
			return "fd " + this.descriptor + " '" + this.name + "'";
		}

	}

}
