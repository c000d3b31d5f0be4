package dev.clusterboot.channel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Directories that killed supervisors left behind are removed; a running supervisor's
 * directory, and anything that is not plainly a left-over, stay. Linux: the owner's pid
 * namespace is read from {@code /proc}.
 */
@EnabledOnOs(OS.LINUX)
class ChannelDirectoriesTests {

	private static final String NAMESPACE = ChannelDirectories.pidNamespace().orElseThrow();

	@TempDir
	Path base;

	@Test
	void aDirectoryWhoseOwnerExitedIsRemovedWithItsSockets() throws Exception {
		Path left = leftOver(exitedPid() + " 1 " + NAMESPACE);
		socketWithoutListener(left.resolve("channel.sock"));
		socketWithoutListener(left.resolve("listener.sock"));
		assertThat(ChannelDirectories.removeLeftovers(this.base)).isEqualTo(1);
		assertThat(left).doesNotExist();
	}

	@Test
	void aDirectoryWhosePidWasReusedIsRemoved() throws Exception {
		// This JVM runs, but did not start at that time: a later process with the same
		// pid.
		Path left = leftOver(ProcessHandle.current().pid() + " 1 " + NAMESPACE);
		assertThat(ChannelDirectories.removeLeftovers(this.base)).isEqualTo(1);
		assertThat(left).doesNotExist();
	}

	@Test
	void aRunningSupervisorsDirectoryStays() throws IOException {
		Path running = ChannelDirectories.create(this.base);
		socketWithoutListener(running.resolve("channel.sock"));
		assertThat(ChannelDirectories.removeLeftovers(this.base)).isZero();
		assertThat(running.resolve("channel.sock")).exists();
		assertThat(ChannelDirectories.delete(running)).isTrue();
		assertThat(running).doesNotExist();
	}

	@Test
	void aDirectoryWithoutOwnerWithOtherFilesOpenToOthersOrFromAnotherPidNamespaceStays() throws Exception {
		Path olderVersion = Files.createDirectory(this.base.resolve("cluster-1"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path withData = leftOver(exitedPid() + " 1 " + NAMESPACE);
		Files.writeString(withData.resolve("notes.txt"), "not a socket");
		Path open = leftOver(exitedPid() + " 1 " + NAMESPACE);
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path unreadable = leftOver("not a pid");
		Path otherNamespace = leftOver(exitedPid() + " 1 pid:[1]");
		Path olderFormat = leftOver(exitedPid() + " 1");
		assertThat(ChannelDirectories.removeLeftovers(this.base)).isZero();
		assertThat(otherNamespace).exists();
		assertThat(olderFormat).exists();
		assertThat(olderVersion).exists();
		assertThat(withData.resolve("notes.txt")).exists();
		assertThat(open).exists();
		assertThat(unreadable).exists();
	}

	@Test
	void aChannelRemovesLeftOversAndItsOwnDirectoryWhenClosed() throws Exception {
		Path base = PrivateFiles.base();
		Path left = Files.createTempDirectory(base, ChannelDirectories.PREFIX,
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.writeString(left.resolve(ChannelDirectories.OWNER), exitedPid() + " 1 " + NAMESPACE);
		ChannelServer server = ChannelServer.open(new RecordingListener());
		Path own = server.socketPath().getParent();
		try {
			assertThat(left).doesNotExist();
			assertThat(own.resolve(ChannelDirectories.OWNER)).exists();
		}
		finally {
			server.close();
		}
		assertThat(own).doesNotExist();
	}

	private Path leftOver(String owner) throws IOException {
		Path directory = Files.createTempDirectory(this.base, ChannelDirectories.PREFIX,
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.writeString(directory.resolve(ChannelDirectories.OWNER), owner);
		return directory;
	}

	/** A socket file as a killed process leaves it: bound once, nobody listening now. */
	private static void socketWithoutListener(Path path) throws IOException {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.bind(UnixDomainSocketAddress.of(path));
		}
	}

	private static long exitedPid() throws Exception {
		Process process = new ProcessBuilder("true").start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return process.pid();
	}

}
