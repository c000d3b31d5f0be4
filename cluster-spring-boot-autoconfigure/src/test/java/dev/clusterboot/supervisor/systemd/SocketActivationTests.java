package dev.clusterboot.supervisor.systemd;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SocketActivation}.
 */
class SocketActivationTests {

	@Test
	void oneSocketForThisProcessIsTheAppsFromDescriptorThree() {
		SocketActivation activation = SocketActivation.from(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "42"), 42);
		assertThat(activation.isActive()).isTrue();
		assertThat(activation.appSocket()).isEqualTo(new SocketActivation.Passed(3, "unknown"));
	}

	@Test
	void socketsPassedForAnotherProcessAreNotThisOnes() {
		assertThat(SocketActivation.from(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "41"), 42).isActive()).isFalse();
		assertThat(SocketActivation.from(Map.of("LISTEN_FDS", "1"), 42).isActive()).isFalse();
		assertThat(SocketActivation.from(Map.of(), 42).appSocket()).isNull();
	}

	@Test
	void namesTellTheAppsSocketFromTheManagementOne() {
		SocketActivation activation = SocketActivation
			.from(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42", "LISTEN_FDNAMES", "management:http"), 42);
		assertThat(activation.appSocket()).isEqualTo(new SocketActivation.Passed(4, "http"));
		SocketActivation unnamed = SocketActivation.from(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42"), 42);
		assertThatIllegalStateException().isThrownBy(unnamed::appSocket)
			.withMessageContaining("name the app's FileDescriptorName=http");
	}

	@Test
	void aMalformedCountIsAClearError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SocketActivation.from(Map.of("LISTEN_FDS", "x", "LISTEN_PID", "42"), 42))
			.withMessageContaining("LISTEN_FDS is 'x'");
	}

}
