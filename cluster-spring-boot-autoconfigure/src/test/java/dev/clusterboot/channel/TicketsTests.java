package dev.clusterboot.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Tickets}.
 */
class TicketsTests {

	private final Tickets tickets = new Tickets();

	@Test
	void aSecretAdmitsOnlyTheWorkerItWasIssuedFor() {
		String first = this.tickets.issue(0);
		String second = this.tickets.issue(1);
		assertThat(first).isNotEqualTo(second).hasSize(43);
		assertThat(this.tickets.admits(first, 0)).isTrue();
		assertThat(this.tickets.admits(first, 1)).isFalse();
		assertThat(this.tickets.admits(second, 1)).isTrue();
		assertThat(this.tickets.admitsAny(second)).isTrue();
	}

	@Test
	void aRevokedOrUnknownSecretAdmitsNoOne() {
		String secret = this.tickets.issue(0);
		this.tickets.revoke(secret);
		assertThat(this.tickets.admits(secret, 0)).isFalse();
		assertThat(this.tickets.admitsAny(secret)).isFalse();
		assertThat(this.tickets.admitsAny(null)).isFalse();
		assertThat(this.tickets.admitsAny("")).isFalse();
		assertThat(this.tickets.admits(secret.substring(1), 0)).isFalse();
	}

}
