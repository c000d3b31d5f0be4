package dev.clusterboot.portsharing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortSharingTests {

	@Test
	void autoIsReusePortOnLinuxAndTheProxyElsewhere() {
		assertThat(PortSharing.AUTO.resolve("Linux").mechanism()).isEqualTo(PortSharing.REUSEPORT);
		assertThat(PortSharing.AUTO.resolve("Mac OS X").mechanism()).isEqualTo(PortSharing.PROXY);
		assertThat(PortSharing.AUTO.resolve("Windows 11").mechanism()).isEqualTo(PortSharing.PROXY);
	}

	@Test
	void anExplicitChoiceIsKeptAndTheReasonSaysWhy() {
		assertThat(PortSharing.PROXY.resolve("Linux").mechanism()).isEqualTo(PortSharing.PROXY);
		assertThat(PortSharing.REUSEPORT.resolve("Mac OS X").reason()).contains("may not balance");
		assertThat(PortSharing.AUTO.resolve("Linux").reason()).contains("client's address kept");
	}

}
