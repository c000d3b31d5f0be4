package dev.clusterboot.supervisor.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ports a process listens on, from Linux's tables of sockets.
 */
class ListeningPortsTests {

	@Test
	void theListeningSocketsOfTheProcessAreReadFromTheTable() {
		List<String> table = List.of(
				"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
				"   0: 00000000:270F 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1",
				"   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4343 1",
				"   2: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 4242 1");
		// 4343 listens on 8080, but is another process's; the established connection on
		// the third line is not a listener.
		assertThat(ListeningPorts.listening(table, Set.of("4242"))).containsExactly(9999);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aSocketThisJvmListensOnIsAmongItsPorts() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThat(ListeningPorts.of(ProcessHandle.current().pid())).contains(socket.getLocalPort());
		}
	}

	@Test
	void aProcessThatIsGoneListensOnNothing() {
		assertThat(ListeningPorts.of(Long.MAX_VALUE)).isEmpty();
	}

}
