package dev.clusterboot.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import dev.clusterboot.autoconfigure.ClusterMessagingAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Without a cluster (here, a plain context as in an app's own tests) the same bean
 * delivers to this process, by the same path: encoded, size-checked, read back, published
 * as an event.
 */
class LocalClusterMessagingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterMessagingAutoConfiguration.class))
		.withBean(Listener.class);

	@Test
	void aBroadcastReachesThisProcessAsATypedEventReadBackFromJson() {
		this.runner.run((context) -> {
			ClusterMessaging messaging = context.getBean(ClusterMessaging.class);
			Listener listener = context.getBean(Listener.class);
			PriceChanged sent = new PriceChanged("apple", 3);
			messaging.broadcast("prices", sent);
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.prices.size() == 1);
			ClusterMessage<PriceChanged> received = listener.prices.get(0);
			assertThat(received.topic()).isEqualTo("prices");
			assertThat(received.sender()).isZero();
			assertThat(received.payload()).isEqualTo(sent).isNotSameAs(sent);
			assertThat(listener.strings).isEmpty();
		});
	}

	@Test
	void aMessageToThisIndexArrivesAndOneToAnotherHasNoWorkerToReach() {
		this.runner.withPropertyValues("cluster.instance-id=0").run((context) -> {
			ClusterMessaging messaging = context.getBean(ClusterMessaging.class);
			Listener listener = context.getBean(Listener.class);
			messaging.send(1, "direct", "to nobody");
			messaging.send(0, "direct", "to me");
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.strings.size() == 1);
			messaging.broadcast("marker", "after");
			await().atMost(Duration.ofSeconds(5)).until(() -> listener.strings.size() == 2);
			assertThat(listener.strings).extracting(ClusterMessage::payload).containsExactly("to me", "after");
		});
	}

	@Test
	void anOversizedPayloadIsRefusedToItsSender() {
		this.runner.withPropertyValues("cluster.messaging.max-size=100B").run((context) -> {
			ClusterMessaging messaging = context.getBean(ClusterMessaging.class);
			assertThatExceptionOfType(ClusterMessageTooLargeException.class)
				.isThrownBy(() -> messaging.broadcast("big", "x".repeat(200)))
				.withMessageContaining(
						"topic 'big' is 205 bytes (its topic and its payload as JSON), above cluster.messaging.max-size (100 bytes)");
		});
	}

	@Test
	void anAppsOwnClusterMessagingBeanIsKept() {
		ClusterMessaging own = new ClusterMessaging() {
			@Override
			public void broadcast(String topic, Object payload) {
			}

			@Override
			public void send(int instance, String topic, Object payload) {
			}
		};
		this.runner.withBean(ClusterMessaging.class, () -> own)
			.run((context) -> assertThat(context).getBean(ClusterMessaging.class).isSameAs(own));
	}

	record PriceChanged(String item, int price) {
	}

	static class Listener {

		final List<ClusterMessage<PriceChanged>> prices = new CopyOnWriteArrayList<>();

		final List<ClusterMessage<String>> strings = new CopyOnWriteArrayList<>();

		@EventListener
		void onPrice(ClusterMessage<PriceChanged> message) {
			this.prices.add(message);
		}

		@EventListener
		void onString(ClusterMessage<String> message) {
			this.strings.add(message);
		}

	}

}
