package dev.clusterboot.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slot's restart history: the back-off, the unstable restarts that error a slot, and
 * the start attempts that give the cluster up.
 */
class RestartHistoryTests {

	/**
	 * 30 s to be stable, 3 unstable restarts, 2 start attempts, 100 ms doubling to 300.
	 */
	static final RestartPolicy POLICY = new RestartPolicy(Duration.ofSeconds(30), 3, 2, Duration.ofMillis(100),
			Duration.ofMillis(300), 2.0);

	private final RestartPolicy.History history = new RestartPolicy.History(POLICY);

	@Test
	void unstableCrashesBackOffUpToTheMaximumThenTheSlotIsErrored() {
		assertThat(unstableCrash()).isEqualTo(RestartPolicy.Verdict.RESTART);
		assertThat(this.history.delay()).isEqualTo(Duration.ofMillis(100));
		assertThat(unstableCrash()).isEqualTo(RestartPolicy.Verdict.RESTART);
		assertThat(this.history.delay()).isEqualTo(Duration.ofMillis(200));
		assertThat(unstableCrash()).isEqualTo(RestartPolicy.Verdict.RESTART);
		assertThat(this.history.delay()).isEqualTo(Duration.ofMillis(300));
		assertThat(unstableCrash()).isEqualTo(RestartPolicy.Verdict.ERRORED);
		assertThat(this.history.restarts()).isEqualTo(3);
	}

	@Test
	void aCrashAfterTheMinimumUptimeRestartsAtOnceAndStartsTheBackOffAgain() {
		unstableCrash();
		unstableCrash();
		assertThat(this.history.crashed(true, Duration.ofSeconds(30), true)).isEqualTo(RestartPolicy.Verdict.RESTART);
		assertThat(this.history.delay()).isZero();
		assertThat(unstableCrash()).isEqualTo(RestartPolicy.Verdict.RESTART);
		assertThat(this.history.delay()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void startsThatFailBeforeTheAppEverStartedGiveUpAfterTheAttempts() {
		assertThat(this.history.crashed(false, Duration.ofSeconds(1), false)).isEqualTo(RestartPolicy.Verdict.RESTART);
		assertThat(this.history.crashed(false, Duration.ofSeconds(1), false))
			.isEqualTo(RestartPolicy.Verdict.GIVE_UP_STARTING);
		assertThat(this.history.failedStarts()).isEqualTo(2);
		assertThat(this.history.failedFirstStarts()).isEqualTo(2);
	}

	@Test
	void onceTheAppHasStartedAFailedStartIsAnUnstableRestart() {
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThat(this.history.crashed(false, Duration.ofSeconds(1), true))
				.isEqualTo(RestartPolicy.Verdict.RESTART);
		}
		assertThat(this.history.crashed(false, Duration.ofSeconds(1), true)).isEqualTo(RestartPolicy.Verdict.ERRORED);
		assertThat(this.history.failedFirstStarts()).isZero();
	}

	@Test
	void aRestartOnRequestAndForgivenessClearTheUnstableCount() {
		unstableCrash();
		unstableCrash();
		unstableCrash();
		this.history.restartedOnRequest();
		assertThat(this.history.restarts()).isEqualTo(4);
		assertThat(unstableCrash()).isEqualTo(RestartPolicy.Verdict.RESTART);
		this.history.forgive();
		this.history.crashed(false, Duration.ZERO, false);
		assertThat(this.history.failedFirstStarts()).isEqualTo(1);
		assertThat(unstableCrash()).isEqualTo(RestartPolicy.Verdict.RESTART);
	}

	private RestartPolicy.Verdict unstableCrash() {
		return this.history.crashed(true, Duration.ofSeconds(1), true);
	}

}
