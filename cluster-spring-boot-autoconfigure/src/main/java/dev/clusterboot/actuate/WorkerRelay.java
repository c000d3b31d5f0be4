package dev.clusterboot.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

import dev.clusterboot.channel.ChannelMessage;
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
	 * Relay a request.
	 * @param target the worker index, as the path gives it
	 * @param method the HTTP method
	 * @param path the endpoint's path segments
	 * @param arguments the arguments that are set
	 * @param accept the client's accepted format
	 * @return the worker's answer, or why there is none
	 */
	WebEndpointResponse<Object> relay(String target, String method, String[] path,
			Map<String, @Nullable Object> arguments, @Nullable String accept) {
		int index;
		try {
			index = Integer.parseInt(target);
		}
		catch (NumberFormatException ex) {
			return error(EndpointResponse.error(400, "'" + Untrusted.forLog(target)
					+ "' is not a worker index: use /actuator/cluster/workers/N/{endpoint}, N from 0"));
		}
		Map<String, String> given = new LinkedHashMap<>();
		arguments.forEach((name, value) -> {
			if (value != null) {
				given.put(name,
						(value instanceof Iterable<?> values) ? String.join(",", strings(values)) : value.toString());
			}
		});
		EndpointRequest request = new EndpointRequest(method, String.join("/", path), given, accept);
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

	private static EndpointResponse fromAnswer(int index, ChannelMessage.@Nullable EndpointAnswer answer) {
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
				return error(EndpointResponse.error(502, "The worker's answer is not JSON"));
			}
		}
		return new WebEndpointResponse<>(response.body(), response.status(), type);
	}

	private WebEndpointResponse<Object> error(EndpointResponse response) {
		return toWeb(response);
	}

	private static List<String> strings(Iterable<?> values) {
		List<String> strings = new ArrayList<>();
		values.forEach((value) -> strings.add(String.valueOf(value)));
		return strings;
	}

}
