package dev.clusterboot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.clusterboot.actuate.ClusterEndpoint.StatusFormat;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.worker.WorkerAgent;

/**
 * The {@code cluster} endpoint over the web: its answers with their HTTP statuses, the
 * status as a table, and each worker's own endpoints. Its operations have the request
 * predicates of the endpoint's, which they replace, as Spring Boot's
 * {@code HealthEndpointWebExtension} replaces {@code HealthEndpoint}'s.
 * <ul>
 * <li>{@code GET /actuator/cluster}: the cluster and its workers; a table with
 * {@code Accept: text/plain}.</li>
 * <li>{@code POST /actuator/cluster/reload}, {@code /restart}: every worker, with no body
 * at all; one with {@code /reload/N}, or the JSON {@code {"instance": N}};
 * {@code POST /actuator/cluster/scale/N} (or {@code +N}, {@code -N}, {@code max}), or the
 * JSON {@code {"instances": "N"}}. They answer 202 at once with the operation; GET shows
 * its progress. 400 for a request that makes no sense, 409 while another operation runs,
 * 503 while the cluster stops or when the supervisor does not answer.</li>
 * <li>{@code POST /actuator/cluster/broadcast} with {@code {"topic": "...", "payload":
 * "..."}}: 202 once sent.</li>
 * <li>{@code /actuator/cluster/workers/N/{endpoint}/...}: worker N's own endpoint, any
 * exposed one its access allows ({@code GET .../workers/1/threaddump}, {@code POST
 * .../workers/1/loggers/com.example}), answered by that worker whichever took the
 * request. The query arguments passed on are those of Actuator's own endpoints
 * ({@code tag}, {@code pattern}, {@code cacheManager}); writes need this endpoint's write
 * access too. 404 for a worker that is not ready.</li>
 * </ul>
 */
@EndpointWebExtension(endpoint = ClusterEndpoint.class)
public class ClusterEndpointWebExtension {

	private final ClusterEndpoint endpoint;

	private final WorkerRelay relay;

	/**
	 * Create the extension.
	 * @param endpoint the endpoint it serves over the web
	 * @param agent the link to the supervisor
	 * @param local this worker's own endpoints, which answer the other workers' requests
	 * for it, and its own; {@code null} for none
	 * @param json reads the workers' JSON answers
	 */
	public ClusterEndpointWebExtension(ClusterEndpoint endpoint, WorkerAgent agent, @Nullable LocalEndpoints local,
			JsonMapper json) {
		this.endpoint = endpoint;
		this.relay = new WorkerRelay(agent, local, json);
	}

	@ReadOperation(producesFrom = StatusFormat.class)
	public WebEndpointResponse<Object> status(StatusFormat format) {
		ClusterStatus status = this.endpoint.status();
		if (status == null) {
			return message(ClusterEndpoint.NO_ANSWER, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		return new WebEndpointResponse<>((format == StatusFormat.TEXT) ? StatusTable.of(status) : status, format);
	}

	/**
	 * An operation with a JSON body.
	 * @param operation reload, restart, scale or broadcast
	 * @param instances a scale's target
	 * @param instance the one worker a reload or restart is for
	 * @param topic a broadcast's topic
	 * @param payload a broadcast's payload
	 * @return the reply and its status
	 * @see ClusterEndpoint#operate(String, String, Integer, String, String)
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operate(@Selector String operation, @Nullable String instances,
			@Nullable Integer instance, @Nullable String topic, @Nullable String payload) {
		return response(this.endpoint.operate(operation, instances, instance, topic, payload));
	}

	/**
	 * A bare {@code POST}, without a body or a content type.
	 * @param operation reload or restart
	 * @return the reply and its status
	 * @see ClusterEndpoint#operateOnAll(String)
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operateOnAll(@Selector String operation) {
		return response(this.endpoint.operateOnAll(operation));
	}

	/**
	 * The path form: {@code POST .../reload/1}, {@code POST .../scale/4}.
	 * @param operation reload, restart or scale
	 * @param target the worker index, or a scale's target
	 * @return the reply and its status
	 * @see ClusterEndpoint#operateOn(String, String)
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operateOn(@Selector String operation, @Selector String target) {
		return response(this.endpoint.operateOn(operation, target));
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

	/** The HTTP status each reply means. */
	static WebEndpointResponse<Object> response(OperationReply reply) {
		if (reply instanceof OperationReply.Broadcast broadcast) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("topic", broadcast.topic());
			body.put("delivery", broadcast.delivery());
			return new WebEndpointResponse<>(body, 202);
		}
		if (reply instanceof OperationReply.Unanswered unanswered) {
			return message(unanswered.message(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		OperationOutcome outcome = ((OperationReply.Outcome) reply).outcome();
		if (outcome instanceof OperationOutcome.Accepted accepted) {
			return new WebEndpointResponse<>(accepted.operation(), 202);
		}
		if (outcome instanceof OperationOutcome.Rejected rejected) {
			return message(rejected.message(), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		if (outcome instanceof OperationOutcome.Busy busy) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("message", busy.message());
			body.put("operation", busy.running());
			return new WebEndpointResponse<>(body, 409);
		}
		return message(((OperationOutcome.Stopping) outcome).message(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
	}

	private static WebEndpointResponse<Object> message(String message, int status) {
		return new WebEndpointResponse<>(Map.of("message", message), status);
	}

}
