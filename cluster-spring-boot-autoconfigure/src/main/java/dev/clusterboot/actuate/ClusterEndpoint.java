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
import dev.clusterboot.messaging.ClusterMessage;
import dev.clusterboot.messaging.ClusterMessageTooLargeException;
import dev.clusterboot.messaging.ClusterMessenger;
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
 * <li>{@code POST /actuator/cluster/broadcast} with {@code {"topic": "...", "payload": "..."}}:
 * a {@code ClusterMessage<String>} to every ready worker, at most once (a cache flush, say).</li>
 * </ul>
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

	private static final String BROADCAST = "broadcast";

	private final WorkerAgent agent;

	private final @Nullable ClusterMessenger messenger;

	/**
	 * Create the endpoint.
	 * @param agent the link to the supervisor
	 * @param messenger sends the endpoint's broadcasts; {@code null} when the app replaced the
	 * starter's {@code ClusterMessaging}
	 */
	public ClusterEndpoint(WorkerAgent agent, @Nullable ClusterMessenger messenger) {
		this.agent = agent;
		this.messenger = messenger;
	}

	@ReadOperation(producesFrom = StatusFormat.class)
	public WebEndpointResponse<Object> status(StatusFormat format) {
		ChannelMessage response = ask("status", (format == StatusFormat.TEXT) ? "table" : null, null);
		if (response == null) {
			return unavailable();
		}
		return (format == StatusFormat.TEXT) ? new WebEndpointResponse<>(String.valueOf(response.body().get("table")),
				format) : new WebEndpointResponse<>(response.body(), format);
	}

	@WriteOperation
	public WebEndpointResponse<Object> operate(@Selector String operation, @Nullable String instances,
			@Nullable Integer instance, @Nullable String topic, @Nullable String payload) {
		if (BROADCAST.equals(operation)) {
			return broadcast(topic, payload);
		}
		ChannelMessage response = ask(operation, instances, instance);
		return (response != null) ? new WebEndpointResponse<>(response.body(), response.status()) : unavailable();
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
