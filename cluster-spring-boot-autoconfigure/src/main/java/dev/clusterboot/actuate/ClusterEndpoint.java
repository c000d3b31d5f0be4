package dev.clusterboot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.messaging.ClusterMessage;
import dev.clusterboot.messaging.ClusterMessageTooLargeException;
import dev.clusterboot.messaging.ClusterMessenger;
import dev.clusterboot.worker.WorkerAgent;

/**
 * The {@code cluster} Actuator endpoint, served by every worker: whichever worker a
 * request reaches asks the supervisor. Exposure and access follow Actuator's rules
 * ({@code management.endpoints.web.exposure.include=cluster}). Like Actuator's
 * {@code shutdown}, its writes are opt-in: merely exposed, it answers GET only, and the
 * operations need {@code management.endpoint.cluster.access=unrestricted}, or Spring
 * Security rules over a broader default. The supervisor answers in the contract's types;
 * only this endpoint turns them into HTTP statuses.
 *
 * <ul>
 * <li>{@code GET /actuator/cluster}: the cluster and its workers; a table with
 * {@code Accept: text/plain}.</li>
 * <li>{@code POST /actuator/cluster/reload}, {@code /restart}: every worker, with no body
 * at all; one with {@code /reload/N}, or the JSON {@code {"instance": N}};
 * {@code POST /actuator/cluster/scale/N} (or {@code +N}, {@code -N}, {@code max}), or the
 * JSON {@code {"instances": "N"}}. They answer 202 at once with the operation; GET shows
 * its progress. 400 for a request that makes no sense, 409 while another operation runs,
 * 503 while the cluster stops or when the supervisor does not answer.</li>
 * <li>{@code /actuator/cluster/workers/N/{endpoint}/...}: worker N's own endpoint, any
 * exposed one its access allows ({@code GET .../workers/1/threaddump}, {@code POST
 * .../workers/1/loggers/com.example}), answered by that worker whichever took the
 * request. The query arguments passed on are those of Actuator's own endpoints
 * ({@code tag}, {@code pattern}, {@code cacheManager}); writes need this endpoint's write
 * access too. 404 for a worker that is not ready.</li>
 * <li>{@code POST /actuator/cluster/broadcast} with {@code {"topic": "...", "payload":
 * "..."}}: a {@code ClusterMessage<String>} to every ready worker, at most once (a cache
 * flush, say).</li>
 * </ul>
 */
@Endpoint(id = "cluster", defaultAccess = Access.READ_ONLY)
public class ClusterEndpoint {

	private static final String BROADCAST = "broadcast";

	private final WorkerAgent agent;

	private final @Nullable ClusterMessenger messenger;

	private final WorkerRelay relay;

	/**
	 * Create the endpoint.
	 * @param agent the link to the supervisor
	 * @param messenger sends the endpoint's broadcasts; {@code null} when the app
	 * replaced the starter's {@code ClusterMessaging}
	 */
	public ClusterEndpoint(WorkerAgent agent, @Nullable ClusterMessenger messenger) {
		this(agent, messenger, null, JsonMapper.shared());
	}

	/**
	 * Create the endpoint.
	 * @param agent the link to the supervisor
	 * @param messenger sends the endpoint's broadcasts; {@code null} when the app
	 * replaced the starter's {@code ClusterMessaging}
	 * @param local this worker's own endpoints, which answer the other workers' requests
	 * for it, and its own; {@code null} for none
	 * @param json reads the workers' JSON answers
	 */
	public ClusterEndpoint(WorkerAgent agent, @Nullable ClusterMessenger messenger, @Nullable LocalEndpoints local,
			JsonMapper json) {
		this.agent = agent;
		this.messenger = messenger;
		this.relay = new WorkerRelay(agent, local, json);
	}

	@ReadOperation(producesFrom = StatusFormat.class)
	public WebEndpointResponse<Object> status(StatusFormat format) {
		ClusterStatus status = SupervisorQuery.await(this.agent.status(true), SupervisorQuery.TIMEOUT);
		if (status == null) {
			return unavailable("The supervisor did not answer");
		}
		return new WebEndpointResponse<>((format == StatusFormat.TEXT) ? StatusTable.of(status) : status, format);
	}

	/**
	 * An operation with a JSON body: {@code {"instance": N}}, {@code {"instances":
	 * "+1"}}, {@code {"topic": "...", "payload": "..."}}.
	 * @param operation reload, restart, scale or broadcast
	 * @param instances a scale's target
	 * @param instance the one worker a reload or restart is for
	 * @param topic a broadcast's topic
	 * @param payload a broadcast's payload
	 * @return the outcome
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operate(@Selector String operation, @Nullable String instances,
			@Nullable Integer instance, @Nullable String topic, @Nullable String payload) {
		if (BROADCAST.equals(operation)) {
			return broadcast(topic, payload);
		}
		Optional<Operation> named = Operation.named(operation);
		if (named.isEmpty()) {
			return badRequest(
					"Unknown operation '" + Untrusted.forLog(operation) + "': use reload, restart, scale or broadcast");
		}
		OperationOutcome outcome = SupervisorQuery
			.await(this.agent.operate(new OperationRequest(named.get(), instance, instances)), SupervisorQuery.TIMEOUT);
		return (outcome != null) ? response(outcome) : unavailable("The supervisor did not answer");
	}

	/**
	 * A bare {@code POST}, without a body or a content type: a reload or restart of every
	 * worker, as {@code curl -X POST .../actuator/cluster/reload} asks. Actuator maps a
	 * request with a JSON body to
	 * {@link #operate(String, String, Integer, String, String)}.
	 * @param operation reload or restart (scale and broadcast need their argument)
	 * @return the outcome
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operateOnAll(@Selector String operation) {
		return operate(operation, null, null, null, null);
	}

	/**
	 * The path form: {@code POST .../reload/1} and {@code .../restart/1} for one worker,
	 * {@code POST .../scale/4} (or {@code +1}, {@code -1}, {@code max}) for a scale.
	 * @param operation reload, restart or scale
	 * @param target the worker index, or a scale's target
	 * @return the outcome
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operateOn(@Selector String operation, @Selector String target) {
		if (BROADCAST.equals(operation)) {
			return badRequest("A broadcast goes to every worker: POST {\"topic\": \"...\", \"payload\": \"...\"} "
					+ "to /broadcast");
		}
		if (Operation.named(operation).orElse(null) == Operation.SCALE) {
			return operate(operation, target, null, null, null);
		}
		try {
			return operate(operation, null, Integer.valueOf(target), null, null);
		}
		catch (NumberFormatException ex) {
			return badRequest("'" + Untrusted.forLog(target) + "' is not a worker index: use "
					+ Untrusted.forLog(operation) + "/N, N from 0");
		}
	}

	/**
	 * {@code GET /actuator/cluster/workers/N}: links to worker N's exposed endpoints, as
	 * {@code /actuator} links to this worker's.
	 * @param operation {@code workers}
	 * @param target the worker index
	 * @return worker N's links
	 */
	@ReadOperation
	public WebEndpointResponse<Object> readWorkerIndex(@Selector String operation, @Selector String target) {
		return this.relay.relay(operation, target, "GET", new String[0], Map.of(), null);
	}

	/**
	 * {@code GET /actuator/cluster/workers/N/{endpoint}/...}: worker N's endpoint.
	 * @param operation {@code workers}
	 * @param target the worker index
	 * @param path the endpoint and its path
	 * @param format the format the client accepts
	 * @param tag {@code metrics}' tag filters
	 * @param pattern {@code env}'s pattern
	 * @return worker N's answer
	 */
	@ReadOperation(producesFrom = StatusFormat.class)
	public WebEndpointResponse<Object> readWorker(@Selector String operation, @Selector String target,
			@Selector(match = Match.ALL_REMAINING) String[] path, StatusFormat format, @Nullable List<String> tag,
			@Nullable String pattern) {
		Map<String, @Nullable String> arguments = new LinkedHashMap<>();
		arguments.put("tag", (tag != null) ? String.join(",", tag) : null);
		arguments.put("pattern", pattern);
		// JSON as the endpoint produces it by default (Actuator's own type), or text.
		return this.relay.relay(operation, target, "GET", path, arguments,
				(format == StatusFormat.TEXT) ? format.getProducedMimeType().toString() : null);
	}

	/**
	 * {@code POST /actuator/cluster/workers/N/{endpoint}/...}: a write to worker N's
	 * endpoint.
	 * @param operation {@code workers}
	 * @param target the worker index
	 * @param path the endpoint and its path
	 * @param configuredLevel {@code loggers}' level
	 * @return worker N's answer
	 */
	@WriteOperation
	public WebEndpointResponse<Object> writeWorker(@Selector String operation, @Selector String target,
			@Selector(match = Match.ALL_REMAINING) String[] path, @Nullable String configuredLevel) {
		Map<String, @Nullable String> arguments = new LinkedHashMap<>();
		arguments.put("configuredLevel", configuredLevel);
		return this.relay.relay(operation, target, "POST", path, arguments, null);
	}

	/**
	 * {@code DELETE /actuator/cluster/workers/N/{endpoint}/...}: a delete of worker N's
	 * endpoint, such as a cache eviction.
	 * @param operation {@code workers}
	 * @param target the worker index
	 * @param path the endpoint and its path
	 * @param cacheManager {@code caches}' cache manager
	 * @return worker N's answer
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> deleteOnWorker(@Selector String operation, @Selector String target,
			@Selector(match = Match.ALL_REMAINING) String[] path, @Nullable String cacheManager) {
		Map<String, @Nullable String> arguments = new LinkedHashMap<>();
		arguments.put("cacheManager", cacheManager);
		return this.relay.relay(operation, target, "DELETE", path, arguments, null);
	}

	/** The HTTP status each outcome means. */
	static WebEndpointResponse<Object> response(OperationOutcome outcome) {
		if (outcome instanceof OperationOutcome.Accepted accepted) {
			return new WebEndpointResponse<>(accepted.operation(), 202);
		}
		if (outcome instanceof OperationOutcome.Rejected rejected) {
			return badRequest(rejected.message());
		}
		if (outcome instanceof OperationOutcome.Busy busy) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("message", busy.message());
			body.put("operation", busy.running());
			return new WebEndpointResponse<>(body, 409);
		}
		return unavailable(((OperationOutcome.Stopping) outcome).message());
	}

	/** A string message to every worker, from operations: a cache flush, say. */
	private WebEndpointResponse<Object> broadcast(@Nullable String topic, @Nullable String payload) {
		if (this.messenger == null) {
			return badRequest("Broadcasting needs the starter's ClusterMessaging bean; the app replaced it");
		}
		if (topic == null || topic.isBlank()) {
			return badRequest("A broadcast needs a topic: {\"topic\": \"...\", \"payload\": \"...\"}");
		}
		try {
			this.messenger.broadcastAs(ClusterMessage.FROM_OPERATIONS, topic, (payload != null) ? payload : "");
		}
		catch (ClusterMessageTooLargeException ex) {
			return badRequest(ex.getMessage());
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("topic", topic);
		body.put("delivery", "to every ready worker, at most once, as a ClusterMessage<String> from sender "
				+ ClusterMessage.FROM_OPERATIONS);
		return new WebEndpointResponse<>(body, 202);
	}

	private static WebEndpointResponse<Object> badRequest(String message) {
		return new WebEndpointResponse<>(Map.of("message", message), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static WebEndpointResponse<Object> unavailable(String message) {
		return new WebEndpointResponse<>(Map.of("message", message), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
	}

	/**
	 * The forms of the status: JSON by default, a table for {@code text/plain}.
	 */
	public enum StatusFormat implements Producible<StatusFormat> {

		JSON(MimeTypeUtils.APPLICATION_JSON),

		TEXT(MimeTypeUtils.TEXT_PLAIN);

		private final MimeType mimeType;

		StatusFormat(MimeType mimeType) {
			this.mimeType = mimeType;
		}

		@Override
		public MimeType getProducedMimeType() {
			return this.mimeType;
		}

		@Override
		public boolean isDefault() {
			return this == JSON;
		}

	}

}
