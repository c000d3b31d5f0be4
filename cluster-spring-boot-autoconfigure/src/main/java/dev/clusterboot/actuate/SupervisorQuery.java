package dev.clusterboot.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Asks the supervisor something on behalf of an Actuator endpoint or contributor, waiting a
 * bounded time: an Actuator request must never hang on the supervisor.
 */
final class SupervisorQuery {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private SupervisorQuery() {
	}

	/**
	 * Ask, and wait for the answer.
	 * @return the response, or {@code null} when the supervisor did not answer in time
	 */
	static @Nullable ChannelMessage ask(WorkerAgent agent, String operation, @Nullable String argument,
			@Nullable Integer instance, Duration timeout) {
		try {
			return agent.request(operation, argument, instance).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * The cluster's status as {@code GET /actuator/cluster} shows it, without each worker's CPU
	 * and memory, or {@code null}.
	 */
	static @Nullable Map<String, Object> summary(WorkerAgent agent) {
		ChannelMessage response = ask(agent, "status", "summary", null, TIMEOUT);
		return (response != null && response.body() != null) ? response.body() : null;
	}

}
