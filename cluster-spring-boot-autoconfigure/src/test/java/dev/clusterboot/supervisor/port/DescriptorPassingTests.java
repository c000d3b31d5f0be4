package dev.clusterboot.supervisor.port;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the supervisor can hand its listening socket to workers.
 */
class DescriptorPassingTests {

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
	void linuxOnX8664CanPassDescriptors() {
		// The test class path has Netty's native epoll transport for x86-64, as the
		// starter does.
		assertThat(DescriptorPassing.isAvailable()).isTrue();
	}

}
