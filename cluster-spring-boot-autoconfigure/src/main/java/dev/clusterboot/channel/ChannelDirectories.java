package dev.clusterboot.channel;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The supervisors' private directories, one per running supervisor, and the ones left
 * behind. A supervisor removes its own directory when it closes; one that is killed
 * ({@code SIGKILL}, the OOM killer) cannot. So each directory names its owner (pid, start
 * time, which tells a reused pid apart, and pid namespace), and a new supervisor removes
 * the directories whose owner is gone before it makes its own. A directory made in
 * another pid namespace (a container sharing the directory) is never judged: its owner's
 * pid means nothing here.
 */
final class ChannelDirectories {

	private static final Log logger = LogFactory.getLog(ChannelDirectories.class);

	static final String PREFIX = "cluster-";

	static final String OWNER = "supervisor";

	private ChannelDirectories() {
	}

	/**
	 * Make a new private directory for this process, under {@code base}.
	 * @param base where it is made
	 * @return the directory, owned by this process
	 * @throws IOException if it cannot be made
	 */
	static Path create(Path base) throws IOException {
		Path directory = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
				? Files.createTempDirectory(base, PREFIX,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
				: Files.createTempDirectory(base, PREFIX);
		ProcessHandle self = ProcessHandle.current();
		Files.writeString(directory.resolve(OWNER),
				self.pid() + " " + startMillis(self).orElse(0L) + " " + pidNamespace().orElse("-"));
		return directory;
	}

	/**
	 * Remove the directories under {@code base} that a supervisor made and left when it
	 * ended. A directory is left alone when its owner runs, when it cannot tell, and when
	 * it holds anything but sockets and the owner file.
	 * @param base where to look
	 * @return how many were removed
	 */
	static int removeLeftovers(Path base) {
		int removed = 0;
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(base, PREFIX + "[0-9]*")) {
			for (Path directory : directories) {
				if (ownerIsGone(directory) && delete(directory)) {
					removed++;
				}
			}
		}
		catch (IOException | DirectoryIteratorException ex) {
			logger.debug("Could not look for left-over channel directories in " + base + ": " + ex);
		}
		if (removed > 0) {
			logger.info("Removed " + removed + " cluster channel director" + ((removed == 1) ? "y" : "ies") + " in "
					+ base + " left by supervisors that were killed");
		}
		return removed;
	}

	/**
	 * Remove a directory this process made: its sockets, its owner file, and itself.
	 * @param directory the directory
	 * @return whether it is gone
	 */
	static boolean delete(Path directory) {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
			for (Path entry : entries) {
				BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
						LinkOption.NOFOLLOW_LINKS);
				// Sockets are "other" files; anything else is not ours to remove.
				if (attributes.isOther() || entry.getFileName().toString().equals(OWNER)) {
					Files.deleteIfExists(entry);
				}
			}
			Files.deleteIfExists(directory);
			return true;
		}
		catch (IOException | DirectoryIteratorException ex) {
			logger.debug("Could not remove " + directory + ": " + ex);
			return false;
		}
	}

	private static boolean ownerIsGone(Path directory) {
		try {
			PrivateFiles.checkPrivate(directory);
			String[] owner = Files.readString(directory.resolve(OWNER)).trim().split(" ");
			Optional<String> namespace = pidNamespace();
			if (namespace.isEmpty() || owner.length != 3 || !owner[2].equals(namespace.get())) {
				return false;
			}
			long started = Long.parseLong(owner[1]);
			Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0])).filter(ProcessHandle::isAlive);
			if (process.isEmpty()) {
				return true;
			}
			// The pid runs: the owner only if it started when the owner did.
			Optional<Long> processStarted = startMillis(process.get());
			return started != 0 && processStarted.isPresent() && processStarted.get() != started;
		}
		catch (IOException | RuntimeException ex) {
			// Not ours, not private, or no owner file (made by an older version): leave
			// it.
			return false;
		}
	}

	/** Linux's id of this process's pid namespace, such as {@code pid:[4026531836]}. */
	static Optional<String> pidNamespace() {
		try {
			return Optional.of(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return Optional.empty();
		}
	}

	private static Optional<Long> startMillis(ProcessHandle process) {
		return process.info().startInstant().map(Instant::toEpochMilli);
	}

}
