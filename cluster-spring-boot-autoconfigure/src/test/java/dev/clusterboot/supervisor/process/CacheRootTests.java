package dev.clusterboot.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link CacheRoot}, on a real directory.
 */
class CacheRootTests {

	@TempDir
	Path temp;

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void aMissingRootIsMadeClosedToOthers() throws IOException {
		Path path = this.temp.resolve("caches").resolve("cluster");
		new CacheRoot(path).checkPrivate();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rwx------");
	}

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void aRootOthersMayWriteToIsRefused() throws IOException {
		Path path = Files.createDirectory(this.temp.resolve("open"));
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatIOException().isThrownBy(() -> new CacheRoot(path).checkPrivate())
			.withMessageContaining("writable by others");
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
		new CacheRoot(path).checkPrivate();
	}

	@Test
	void theNewestReadyBuildsOfAJarAreKeptAndOthersLeftAlone() throws IOException {
		CacheRoot root = new CacheRoot(this.temp);
		Path oldest = ready(root, "app-aaaa", 1);
		Path middle = ready(root, "app-bbbb", 2);
		Path newest = ready(root, "app-cccc", 3);
		Path building = Files.createDirectories(root.build("app-dddd"));
		Path otherJar = ready(root, "other-eeee", 0);
		root.keepNewest("app-", 2);
		assertThat(oldest).doesNotExist();
		assertThat(middle).isDirectory();
		assertThat(newest).isDirectory();
		assertThat(building).isDirectory();
		assertThat(otherJar).isDirectory();
	}

	@Test
	void deletingAMissingBuildIsNothing() throws IOException {
		CacheRoot.deleteRecursively(this.temp.resolve("gone"));
		Path nested = Files.createDirectories(this.temp.resolve("build").resolve("app").resolve("lib"));
		Files.writeString(nested.resolve("a.jar"), "x");
		CacheRoot.deleteRecursively(this.temp.resolve("build"));
		assertThat(this.temp.resolve("build")).doesNotExist();
	}

	private static Path ready(CacheRoot root, String key, int minute) throws IOException {
		Path build = Files.createDirectories(root.build(key));
		Path ready = Files.writeString(build.resolve("ready"), "-XX:SharedArchiveFile=app.jsa");
		Files.setLastModifiedTime(ready,
				FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute)));
		return build;
	}

}
