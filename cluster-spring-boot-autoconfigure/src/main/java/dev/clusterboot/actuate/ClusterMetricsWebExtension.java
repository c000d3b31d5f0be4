package dev.clusterboot.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;

import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Actuator's {@code metrics} endpoint over the web, in a worker: one meter by name is
 * every ready worker's, merged ({@link MetricMerge}), with a {@code worker} tag to drill
 * into, as {@code ?tag=worker:1}. The list of names stays the worker's own.
 */
@EndpointWebExtension(endpoint = MetricsEndpoint.class)
public class ClusterMetricsWebExtension {

	private final MetricsEndpoint metrics;

	private final WorkerAgent agent;

	private final JsonMapper json;

	/**
	 * Create the extension.
	 * @param metrics the worker's own endpoint
	 * @param agent the link to the supervisor
	 * @param json reads the workers' answers
	 */
	public ClusterMetricsWebExtension(MetricsEndpoint metrics, WorkerAgent agent, JsonMapper json) {
		this.metrics = metrics;
		this.agent = agent;
		this.json = json;
	}

	/**
	 * One meter of every worker, merged.
	 * @param requiredMetricName the meter's name
	 * @param tag tag filters, {@code key:value}; {@code worker:N} picks workers
	 * @return the merged meter, 404 when no worker has it
	 */
	@ReadOperation
	public WebEndpointResponse<Object> metric(@Selector String requiredMetricName, @Nullable List<String> tag) {
		if (LocalEndpoints.isAnswering()) {
			MetricsEndpoint.MetricDescriptor own = this.metrics.metric(requiredMetricName, tag);
			return (own != null) ? new WebEndpointResponse<>(own)
					: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		Set<Integer> workers = new TreeSet<>();
		List<String> others = new ArrayList<>();
		for (String filter : (tag != null) ? tag : List.<String>of()) {
			if (filter.startsWith(MetricMerge.WORKER_TAG + ":")) {
				try {
					workers.add(Integer.parseInt(filter.substring(MetricMerge.WORKER_TAG.length() + 1)));
				}
				catch (NumberFormatException ex) {
					return new WebEndpointResponse<>(Map.of("message", "worker:N takes a worker index"),
							WebEndpointResponse.STATUS_BAD_REQUEST);
				}
			}
			else {
				others.add(filter);
			}
		}
		Map<String, String> arguments = others.isEmpty() ? Map.of() : Map.of("tag", String.join(",", others));
		ToWorker.EndpointAnswer answer = SupervisorQuery.await(
				this.agent.endpoint(null, new EndpointRequest("GET", "metrics/" + requiredMetricName, arguments, null)),
				SupervisorQuery.TIMEOUT);
		if (answer == null) {
			return new WebEndpointResponse<>(Map.of("message", "The supervisor did not answer"),
					WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		return merge(answer, workers);
	}

	private WebEndpointResponse<Object> merge(ToWorker.EndpointAnswer answer, Set<Integer> workers) {
		MetricMerge merge = new MetricMerge();
		for (Map.Entry<Integer, EndpointResponse> entry : answer.responses().entrySet()) {
			EndpointResponse response = entry.getValue();
			if (!workers.isEmpty() && !workers.contains(entry.getKey())) {
				continue;
			}
			if (response.status() == WebEndpointResponse.STATUS_BAD_REQUEST) {
				// The same filters for every worker: one's complaint is everyone's.
				return new WebEndpointResponse<>(this.json.readTree(response.body()), response.status());
			}
			if (response.isSuccess()) {
				try {
					merge.add(entry.getKey(), this.json.readTree(response.body()));
				}
				catch (JacksonException ex) {
					// Left out, as a worker that did not answer.
				}
			}
		}
		Map<String, Object> merged = merge.merged();
		return (merged != null) ? new WebEndpointResponse<>(merged)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
