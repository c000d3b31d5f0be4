package dev.clusterboot.channel;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * What keeps the channel to the user who runs the cluster: a directory only that user can
 * enter, and the peer's credentials as the kernel tells them ({@code SO_PEERCRED}).
 */
final class PrivateFiles {

	private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private static final String USER = System.getProperty("user.name");

	private PrivateFiles() {
	}

	/**
	 * Where a new private directory is made: {@code $XDG_RUNTIME_DIR}, the user's own
	 * runtime directory where it is one, else {@code java.io.tmpdir}.
	 */
	static Path base() {
		String runtime = System.getenv("XDG_RUNTIME_DIR");
		if (runtime != null && !runtime.isBlank()) {
			Path directory = Path.of(runtime);
			try {
				checkPrivate(directory);
				return directory;
			}
			catch (IOException ex) {
				// Not the user's own: fall back.
			}
		}
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Whether only this user can enter the directory.
	 * @param directory the directory
	 * @throws IOException when another user owns it, or others may enter or change it
	 */
	static void checkPrivate(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			throw new IOException(directory + " is not a directory");
		}
		String owner = Files.getOwner(directory).getName();
		if (!owner.equals(USER)) {
			throw new IOException(directory + " belongs to " + owner + ", not to " + USER);
		}
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
			permissions.retainAll(OTHERS);
			if (!permissions.isEmpty()) {
				throw new IOException(directory + " is open to others: " + permissions);
			}
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: its own access rules apply.
		}
	}

	/**
	 * Whether the peer of a connected Unix domain socket runs as this user.
	 * @param socket the socket
	 * @throws IOException when it runs as another user
	 */
	static void checkSameUser(SocketChannel socket) throws IOException {
		SocketOption<UnixDomainPrincipal> option = ExtendedSocketOptions.SO_PEERCRED;
		if (!socket.supportedOptions().contains(option)) {
			// Where the system does not tell (Windows), the private directory is the only
			// guard.
			return;
		}
		String peer = socket.getOption(option).user().getName();
		if (!peer.equals(USER)) {
			throw new IOException("the peer runs as " + peer + ", not as " + USER);
		}
	}

}
