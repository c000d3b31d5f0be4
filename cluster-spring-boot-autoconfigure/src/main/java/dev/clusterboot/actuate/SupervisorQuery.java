package dev.clusterboot.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Waits a bounded time for what an Actuator endpoint or contributor asked the supervisor:
 * an Actuator request must never hang on the supervisor.
 */
final class SupervisorQuery {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private SupervisorQuery() {
	}

	/**
	 * Wait for the supervisor's answer.
	 * @param <T> the answer's type
	 * @param answer the answer to come
	 * @param timeout how long to wait
	 * @return the answer, or {@code null} when the supervisor did not answer in time
	 */
	static <T> @Nullable T await(CompletableFuture<T> answer, Duration timeout) {
		try {
			return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (Exception ex) {
			return null;
		}
	}

}
