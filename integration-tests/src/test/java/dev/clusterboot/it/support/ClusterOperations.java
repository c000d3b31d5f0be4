package dev.clusterboot.it.support;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations asked of a cluster through its {@code cluster} endpoint, as a user asks them
 * with {@code curl -X POST}, and their outcome as the status reports it.
 */
public final class ClusterOperations {

	private static final Duration FINISH = Duration.ofSeconds(120);

	private ClusterOperations() {
	}

	/**
	 * Ask for an operation, which must be accepted.
	 * @param port the port of the {@code cluster} endpoint
	 * @param operation such as {@code reload} or {@code scale/3}
	 * @param body the request body, or {@code null} for none
	 * @return the operation's id
	 * @throws IOException when the request fails
	 */
	public static String start(int port, String operation, @Nullable String body) throws IOException {
		Http.Response response = Http.post(port, "/actuator/cluster/" + operation, body);
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().get("id").asString();
	}

	/**
	 * Wait until the operation has ended.
	 * @param port the port of the {@code cluster} endpoint
	 * @param id the operation's id
	 * @param timeout how long it may take
	 * @return its report
	 */
	public static JsonNode awaitFinished(int port, String id, Duration timeout) {
		JsonNode[] finished = new JsonNode[1];
		await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
			JsonNode operation = Http.clusterStatus(port).get("operation");
			if (operation != null && operation.get("id").asString().equals(id)
					&& !operation.get("outcome").asString().equals("RUNNING")) {
				finished[0] = operation;
				return true;
			}
			return false;
		});
		return finished[0];
	}

	/** {@link #awaitFinished(int, String, Duration)} within two minutes. */
	public static JsonNode awaitFinished(int port, String id) {
		return awaitFinished(port, id, FINISH);
	}

	/**
	 * Wait until the operation has succeeded.
	 * @param port the port of the {@code cluster} endpoint
	 * @param id the operation's id
	 * @param timeout how long it may take
	 * @return how long it took, from acceptance to its end
	 */
	public static Duration awaitSucceeded(int port, String id, Duration timeout) {
		JsonNode operation = awaitFinished(port, id, timeout);
		assertThat(operation.get("outcome").asString()).as(operation.toString()).isEqualTo("SUCCEEDED");
		return Duration.between(Instant.parse(operation.get("startedAt").asString()),
				Instant.parse(operation.get("finishedAt").asString()));
	}

	/** {@link #awaitSucceeded(int, String, Duration)} within two minutes. */
	public static Duration awaitSucceeded(int port, String id) {
		return awaitSucceeded(port, id, FINISH);
	}

	/**
	 * Reload, one reload after another, under a load that must lose nothing: it serves
	 * before the first reload and after the last, then stops, and no request or call of
	 * it failed.
	 * @param port the port of the {@code cluster} endpoint
	 * @param reloads how many reloads
	 * @param load the running load, closed here
	 * @throws Exception when a request fails or the wait is interrupted
	 */
	public static void reloadUnder(int port, int reloads, Load load) throws Exception {
		await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > 300);
		for (int reload = 0; reload < reloads; reload++) {
			// The bare POST a user types first: no body, no content type.
			awaitSucceeded(port, start(port, "reload", null));
		}
		long afterReloads = load.succeeded();
		await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() > afterReloads + 300);
		load.close();
		assertThat(load.failed())
			.as("failed (%s of %s); first failures: %s", load.failed(), load.succeeded(), load.failures())
			.isZero();
	}

}
