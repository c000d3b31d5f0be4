package dev.clusterboot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.worker.WorkerAgent;

/**
 * The {@code cluster} Actuator endpoint, served by every worker: whichever worker a request
 * reaches relays it to the supervisor over the private channel. Exposure and access follow
 * Actuator's rules ({@code management.endpoints.web.exposure.include=cluster}).
 *
 * <ul>
 * <li>{@code GET /actuator/cluster}: the cluster and its workers; a table with
 * {@code Accept: text/plain}.</li>
 * <li>{@code POST /actuator/cluster/reload}, {@code /restart}: every worker, or one with
 * {@code {"instance": N}}; {@code POST /actuator/cluster/scale} with
 * {@code {"instances": "N" | "+N" | "-N" | "max"}}. They answer 202 at once with the operation;
 * GET shows its progress.</li>
 * </ul>
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

	private final WorkerAgent agent;

	public ClusterEndpoint(WorkerAgent agent) {
		this.agent = agent;
	}

	@ReadOperation(producesFrom = StatusFormat.class)
	public WebEndpointResponse<Object> status(StatusFormat format) {
		ChannelMessage response = ask("status", null, null);
		if (response == null) {
			return unavailable();
		}
		Map<String, Object> body = new LinkedHashMap<>(response.body());
		Object table = body.remove("table");
		return (format == StatusFormat.TEXT) ? new WebEndpointResponse<>(String.valueOf(table), format)
				: new WebEndpointResponse<>(body, format);
	}

	@WriteOperation
	public WebEndpointResponse<Object> operate(@Selector String operation, @Nullable String instances,
			@Nullable Integer instance) {
		ChannelMessage response = ask(operation, instances, instance);
		return (response != null) ? new WebEndpointResponse<>(response.body(), response.status()) : unavailable();
	}

	private ChannelMessage ask(String operation, String argument, Integer instance) {
		return SupervisorQuery.ask(this.agent, operation, argument, instance, SupervisorQuery.TIMEOUT);
	}

	private static WebEndpointResponse<Object> unavailable() {
		return new WebEndpointResponse<>(Map.of("message", "The supervisor did not answer"),
				WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
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
