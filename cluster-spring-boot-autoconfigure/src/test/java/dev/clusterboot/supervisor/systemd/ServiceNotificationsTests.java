package dev.clusterboot.supervisor.systemd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clusterboot.supervisor.systemd.ServiceNotifications.State;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServiceNotifications}, on a recording notifier and a clock the test
 * moves.
 */
class ServiceNotificationsTests {

	private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

	private final List<String> sent = new ArrayList<>();

	@Test
	void readyOnceEveryWorkerIsReadyThenReloadingAndReadyAroundAReloadThenStopping() {
		ServiceNotifications notifications = new ServiceNotifications(this.sent::add, null, () -> 7_000_000L);
		notifications.observe(T0, new State(2, 0, false, false, false));
		notifications.observe(T0, new State(2, 1, false, false, false));
		notifications.observe(T0, new State(2, 2, true, false, false));
		notifications.observe(T0, new State(2, 2, true, false, false));
		notifications.observe(T0, new State(2, 2, true, true, false));
		notifications.observe(T0, new State(2, 1, true, true, false));
		notifications.observe(T0, new State(2, 2, true, false, false));
		notifications.observe(T0, new State(2, 2, true, false, true));
		assertThat(this.sent).containsExactly("STATUS=0/2 workers ready", "STATUS=1/2 workers ready",
				"READY=1\nSTATUS=2/2 workers ready",
				"RELOADING=1\nMONOTONIC_USEC=7000\nSTATUS=reloading: 2/2 workers ready",
				"STATUS=reloading: 1/2 workers ready", "READY=1\nSTATUS=2/2 workers ready",
				"STOPPING=1\nSTATUS=stopping: 2/2 workers ready");
	}

	@Test
	void theWatchdogIsPingedEveryHalfOfItsTimeoutWhileTheLoopObserves() {
		Duration interval = ServiceNotifications.watchdogInterval(Map.of("WATCHDOG_USEC", "10000000"), 42);
		assertThat(interval).hasSeconds(5);
		ServiceNotifications notifications = new ServiceNotifications(this.sent::add, interval, System::nanoTime);
		State steady = new State(1, 1, true, false, false);
		for (int second = 0; second <= 12; second++) {
			notifications.observe(T0.plusSeconds(second), steady);
		}
		assertThat(this.sent.stream().filter((message) -> message.contains("WATCHDOG=1"))).hasSize(3);
	}

	@Test
	void aWatchdogForAnotherProcessOrNoneIsNotThisOnes() {
		assertThat(ServiceNotifications.watchdogInterval(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "41"), 42))
			.isNull();
		assertThat(ServiceNotifications.watchdogInterval(Map.of(), 42)).isNull();
		assertThat(ServiceNotifications.from(Map.of(), 42)).isSameAs(ServiceNotifications.NONE);
	}

}
