package dev.clusterboot.launch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.unit.DataSize;

import dev.clusterboot.autoconfigure.ClusterProperties;
import dev.clusterboot.supervisor.SupervisorSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterLauncher#settings}: every {@code cluster.*} property the supervisor runs
 * by reaches its settings, each in its own place.
 */
class SupervisorSettingsMappingTests {

	@Test
	void eachPropertyReachesItsSetting() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("cluster.listen-timeout", "11s");
		values.put("cluster.start-timeout", "12s");
		values.put("cluster.shutdown-timeout", "13s");
		values.put("cluster.min-uptime", "14s");
		values.put("cluster.max-restarts", "5");
		values.put("cluster.start-attempts", "6");
		values.put("cluster.restart-backoff.initial-delay", "150ms");
		values.put("cluster.restart-backoff.max-delay", "9s");
		values.put("cluster.restart-backoff.multiplier", "3.0");
		values.put("cluster.reload.max-surge", "2");
		values.put("cluster.reload.max-unavailable", "1");
		values.put("cluster.max-memory-restart", "300MB");
		values.put("cluster.memory-check-interval", "7s");
		values.put("cluster.scrape-timeout", "3s");
		values.put("cluster.messaging.max-size", "32KB");
		values.put("cluster.messaging.queue-capacity", "17");
		values.put("cluster.max-instances", "9");
		values.put("cluster.heartbeat-interval", "2s");
		values.put("cluster.heartbeat-timeout", "8s");
		values.put("cluster.slow-start", "4s");
		values.put("cluster.supervisor-c1-only", "false");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", values));

		SupervisorSettings settings = ClusterLauncher.settings(ClusterLauncher.bindProperties(environment), 3, 4);

		assertThat(settings.instances()).isEqualTo(3);
		assertThat(settings.availableProcessors()).isEqualTo(4);
		assertThat(settings.listenTimeout()).hasSeconds(11);
		assertThat(settings.startTimeout()).hasSeconds(12);
		assertThat(settings.shutdownTimeout()).hasSeconds(13);
		assertThat(settings.restartPolicy().minUptime()).hasSeconds(14);
		assertThat(settings.restartPolicy().maxRestarts()).isEqualTo(5);
		assertThat(settings.restartPolicy().startAttempts()).isEqualTo(6);
		assertThat(settings.restartPolicy().initialDelay()).isEqualTo(Duration.ofMillis(150));
		assertThat(settings.restartPolicy().maxDelay()).hasSeconds(9);
		assertThat(settings.restartPolicy().multiplier()).isEqualTo(3.0);
		assertThat(settings.maxSurge()).isEqualTo(2);
		assertThat(settings.maxUnavailable()).isEqualTo(1);
		assertThat(settings.maxMemoryRestart()).isEqualTo(DataSize.ofMegabytes(300));
		assertThat(settings.memoryCheckInterval()).hasSeconds(7);
		assertThat(settings.scrapeTimeout()).hasSeconds(3);
		assertThat(settings.messageMaxSize()).isEqualTo(DataSize.ofKilobytes(32).toBytes());
		assertThat(settings.messageQueueCapacity()).isEqualTo(17);
		assertThat(settings.maxInstances()).isEqualTo(9);
		assertThat(settings.heartbeatInterval()).hasSeconds(2);
		assertThat(settings.heartbeatTimeout()).hasSeconds(8);
		assertThat(settings.slowStart()).hasSeconds(4);
		assertThat(settings.c1Only()).isFalse();
	}

}
