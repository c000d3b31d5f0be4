package dev.clusterboot.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PortSharingTests {

	@Test
	void autoIsTheSharedSocketOnLinuxAndTheProxyElsewhere() {
		assertThat(PortSharing.AUTO.resolve("Linux", true).mechanism()).isEqualTo(PortSharing.SHARED_SOCKET);
		assertThat(PortSharing.AUTO.resolve("Mac OS X", false).mechanism()).isEqualTo(PortSharing.PROXY);
		assertThat(PortSharing.AUTO.resolve("Windows 11", false).mechanism()).isEqualTo(PortSharing.PROXY);
	}

	@Test
	void autoFallsBackToReusePortOnLinuxWithoutDescriptorPassing() {
		PortSharing.Choice choice = PortSharing.AUTO.resolve("Linux", false);
		assertThat(choice.mechanism()).isEqualTo(PortSharing.REUSEPORT);
		assertThat(choice.reason()).contains("without Netty's native epoll transport");
	}

	@Test
	void anExplicitChoiceIsKeptAndTheReasonSaysWhy() {
		assertThat(PortSharing.PROXY.resolve("Linux", true).mechanism()).isEqualTo(PortSharing.PROXY);
		assertThat(PortSharing.REUSEPORT.resolve("Linux", true).mechanism()).isEqualTo(PortSharing.REUSEPORT);
		assertThat(PortSharing.REUSEPORT.resolve("Mac OS X", false).reason()).contains("may not balance");
		assertThat(PortSharing.AUTO.resolve("Linux", true).reason()).contains("nothing reset when a worker stops");
	}

	@Test
	void theSharedSocketIsRefusedWhereItCannotWork() {
		assertThatIllegalStateException().isThrownBy(() -> PortSharing.SHARED_SOCKET.resolve("Mac OS X", false))
			.withMessageContaining("needs Linux and Netty's native epoll transport");
	}

}
