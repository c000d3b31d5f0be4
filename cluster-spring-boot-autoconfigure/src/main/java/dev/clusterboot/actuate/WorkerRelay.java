package dev.clusterboot.actuate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Hands an Actuator request to one worker, {@code /actuator/cluster/workers/N/...}, and
 * its answer back as the cluster endpoint's: whichever worker took the connection, worker
 * N's own endpoint answers, as its web layer would have.
 */
final class WorkerRelay {

	private static final String WORKERS = "workers";

	private final WorkerAgent agent;

	private final @Nullable LocalEndpoints local;

	private final JsonMapper json;

	/**
	 * Create the relay.
	 * @param agent the link to the supervisor
	 * @param local this worker's own endpoints, {@code null} where it answers none
	 * @param json reads the JSON answers, which the endpoint writes again
	 */
	WorkerRelay(WorkerAgent agent, @Nullable LocalEndpoints local, JsonMapper json) {
		this.agent = agent;
		this.local = local;
		this.json = json;
	}

	/**
	 * Relay a request for {@code workers/N/...}.
	 * @param operation the cluster endpoint's first selector, {@code workers}
	 * @param target the worker index, as the path gives it
	 * @param method the HTTP method
	 * @param path the endpoint's path segments, as the web layer gives them
	 * @param arguments the arguments by name, those without a value {@code null}
	 * @param accept the client's accepted format
	 * @return the worker's answer, or why there is none
	 */
	WebEndpointResponse<Object> relay(String operation, String target, String method, String[] path,
			Map<String, @Nullable String> arguments, @Nullable String accept) {
		if (!WORKERS.equals(operation)) {
			return new WebEndpointResponse<>(
					Map.of("message",
							"No " + Untrusted.forLog(operation)
									+ " here: /actuator/cluster/workers/N/{endpoint} reaches worker N's endpoint"),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		int index;
		try {
			index = Integer.parseInt(target);
		}
		catch (NumberFormatException ex) {
			return toWeb(EndpointResponse.error(400, "'" + Untrusted.forLog(target)
					+ "' is not a worker index: use /actuator/cluster/workers/N/{endpoint}, N from 0"));
		}
		Map<String, String> given = new LinkedHashMap<>();
		arguments.forEach((name, value) -> {
			if (value != null) {
				given.put(name, value);
			}
		});
		EndpointRequest request = new EndpointRequest(method, String.join("/", below(operation, target, path)), given,
				accept);
		EndpointResponse response;
		if (index == this.agent.instance() && this.local != null) {
			response = this.local.handle(request);
		}
		else {
			response = fromAnswer(index,
					SupervisorQuery.await(this.agent.endpoint(index, request), SupervisorQuery.TIMEOUT));
		}
		return toWeb(response);
	}

	private static EndpointResponse fromAnswer(int index, ToWorker.@Nullable EndpointAnswer answer) {
		if (answer == null) {
			return EndpointResponse.error(503, "The supervisor did not answer");
		}
		EndpointResponse response = answer.responses().get(index);
		if (response != null) {
			return response;
		}
		if (answer.missing().contains(index)) {
			return EndpointResponse.error(504, "Worker " + index + " did not answer in time");
		}
		return EndpointResponse.error(404, "No ready worker " + index + ": GET /actuator/cluster lists them");
	}

	/**
	 * The answer as the cluster endpoint's: JSON as a tree, which any web stack writes.
	 */
	WebEndpointResponse<Object> toWeb(EndpointResponse response) {
		if (response.body().isEmpty() || response.contentType() == null) {
			return new WebEndpointResponse<>(response.status());
		}
		MimeType type = MimeType.valueOf(response.contentType());
		if (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")) {
			try {
				return new WebEndpointResponse<>(this.json.readTree(response.body()), response.status(), type);
			}
			catch (JacksonException ex) {
				return toWeb(EndpointResponse.error(502, "The worker's answer is not JSON"));
			}
		}
		return new WebEndpointResponse<>(response.body(), response.status(), type);
	}

	/**
	 * The endpoint's path below {@code workers/N}: on WebFlux, Spring Boot gives the
	 * remaining segments from the first selector on ({@code PathPattern}'s path within
	 * the pattern), on Spring MVC from the last.
	 */
	static String[] below(String operation, String target, String[] path) {
		if (path.length >= 2 && path[0].equals(operation) && path[1].equals(target)) {
			return Arrays.copyOfRange(path, 2, path.length);
		}
		return path;
	}

}
