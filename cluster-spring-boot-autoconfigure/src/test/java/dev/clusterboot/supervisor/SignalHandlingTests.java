package dev.clusterboot.supervisor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading which signals a process ignores, as {@code nohup} makes it ignore SIGHUP.
 */
class SignalHandlingTests {

	@Test
	void readsTheIgnoredSignalsFromTheProcessStatus() {
		// What /proc/self/status shows for a JVM started with nohup in the background:
		// SIGHUP (1) and SIGINT (2) ignored.
		String status = "Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000003\nSigCgt:\t2000000181005ccc\n";
		assertThat(SignalHandling.ignored(status, 1)).isTrue();
		assertThat(SignalHandling.ignored(status, 2)).isTrue();
		assertThat(SignalHandling.ignored(status, 15)).isFalse();
	}

	@Test
	void nothingIsIgnoredWhereTheStatusDoesNotSay() {
		assertThat(SignalHandling.ignored("SigIgn:\t0000000000000000\n", 1)).isFalse();
		assertThat(SignalHandling.ignored("", 1)).isFalse();
		assertThat(SignalHandling.ignored("SigIgn:\tnot hex\n", 1)).isFalse();
	}

}
