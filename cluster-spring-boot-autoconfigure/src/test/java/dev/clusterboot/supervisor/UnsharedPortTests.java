package dev.clusterboot.supervisor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnsharedPort}: which failed starts say a port was in use.
 */
class UnsharedPortTests {

	@Test
	void aPortInUseIsToldByItsExceptionsNotByNamesThatContainThem() {
		assertThat(UnsharedPort.isPortInUse("java.net.BindException: Address already in use")).isTrue();
		assertThat(UnsharedPort.isPortInUse(
				"io.netty.channel.unix.Errors$NativeIoException: bind(..) failed: " + "Address already in use"))
			.isTrue();
		assertThat(UnsharedPort.isPortInUse("Web server failed to start. Port 9090 was already in use.")).isTrue();
		assertThat(UnsharedPort.isPortInUse("Caused by: java.net.BindException: Cannot assign requested address"))
			.isTrue();
		// A configuration that cannot be bound to its properties is no port in use.
		assertThat(UnsharedPort.isPortInUse("Caused by: org.springframework.boot.context.properties."
				+ "ConfigurationPropertiesBindException: Error creating bean"))
			.isFalse();
		assertThat(UnsharedPort.isPortInUse(null)).isFalse();
	}

}
