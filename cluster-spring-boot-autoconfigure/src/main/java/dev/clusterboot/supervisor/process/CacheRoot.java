package dev.clusterboot.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory that holds the start-up caches, one directory per build of the app, a
 * build being ready once its {@code ready} file is written. Workers run what is in it, so
 * it must be this user's and closed to others; and it keeps only the newest builds of a
 * jar, since each one is an extracted app and an archive of tens of megabytes.
 */
final class CacheRoot {

	private final Path path;

	CacheRoot(Path path) {
		this.path = path;
	}

	/** The directory of one build, named by its key. */
	Path build(String key) {
		return this.path.resolve(key);
	}

	/**
	 * Make the root closed to others if it is missing; refuse one that another user owns
	 * or that others may write to.
	 * @throws IOException when the root is not this user's alone
	 */
	void checkPrivate() throws IOException {
		if (!Files.exists(this.path)) {
			Files.createDirectories(this.path.getParent());
			try {
				Files.createDirectory(this.path,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			catch (UnsupportedOperationException ex) {
				Files.createDirectory(this.path);
			}
			return;
		}
		String me = System.getProperty("user.name");
		if (!Files.getOwner(this.path).getName().equals(me)) {
			throw new IOException(this.path + " is not owned by " + me);
		}
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(this.path);
			if (permissions.contains(PosixFilePermission.GROUP_WRITE)
					|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
				throw new IOException(this.path + " is writable by others");
			}
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: its own access rules apply.
		}
	}

	/**
	 * Keep the newest ready builds whose names start with the prefix, delete the older
	 * ones. A build still being made has no {@code ready} file and is left alone.
	 * @param prefix what the names of one jar's builds start with
	 * @param kept how many to keep
	 * @throws IOException when a build cannot be deleted
	 */
	void keepNewest(String prefix, int kept) throws IOException {
		List<Path> builds;
		try (Stream<Path> all = Files.list(this.path)) {
			builds = all.filter((path) -> path.getFileName().toString().startsWith(prefix))
				.filter((path) -> Files.isRegularFile(path.resolve("ready")))
				.sorted(Comparator.comparing(CacheRoot::readyTime).reversed())
				.toList();
		}
		for (Path old : builds.subList(Math.min(kept, builds.size()), builds.size())) {
			deleteRecursively(old);
		}
	}

	private static long readyTime(Path build) {
		try {
			return Files.getLastModifiedTime(build.resolve("ready")).toMillis();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> all = Files.walk(directory)) {
			for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
