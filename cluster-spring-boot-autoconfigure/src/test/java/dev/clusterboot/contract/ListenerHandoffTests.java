package dev.clusterboot.contract;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A worker's request line for a shared socket, as 0.1.0 wrote it and with the port of
 * another server.
 */
class ListenerHandoffTests {

	@Test
	void aRequestForServerPortsSocketIsTheLine010Wrote() throws IOException {
		ListenerHandoff.Request request = new ListenerHandoff.Request("s3cret", Path.of("/run/c/listener-1-1.sock"));
		assertThat(request.line()).isEqualTo("s3cret /run/c/listener-1-1.sock");
		assertThat(ListenerHandoff.Request.parse(request.line())).isEqualTo(request);
	}

	@Test
	void aRequestForAnotherServersPortNamesItAheadOfThePathWhichMayHoldSpaces() throws IOException {
		ListenerHandoff.Request request = new ListenerHandoff.Request("s3cret", 9090, "127.0.0.1",
				Path.of("/tmp/my dir/listener-1-2.sock"));
		assertThat(request.line()).isEqualTo("s3cret port=9090 host=127.0.0.1 /tmp/my dir/listener-1-2.sock");
		assertThat(ListenerHandoff.Request.parse(request.line())).isEqualTo(request);
		assertThat(ListenerHandoff.Request.parse("s3cret port=9090 /tmp/my dir/x.sock"))
			.isEqualTo(new ListenerHandoff.Request("s3cret", 9090, null, Path.of("/tmp/my dir/x.sock")));
	}

	@Test
	void aPortThatIsNoneIsRefused() {
		assertThatIOException().isThrownBy(() -> ListenerHandoff.Request.parse("s port=70000 /x.sock"))
			.withMessageContaining("out of range");
		assertThatIOException().isThrownBy(() -> ListenerHandoff.Request.parse("s port=ninety /x.sock"))
			.withMessageContaining("is not a port");
		assertThatIOException().isThrownBy(() -> ListenerHandoff.Request.parse("s port=9090"))
			.withMessageContaining("no path");
	}

}
