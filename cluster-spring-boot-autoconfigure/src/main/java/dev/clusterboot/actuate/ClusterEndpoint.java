package dev.clusterboot.actuate;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
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
 * Security rules over a broader default.
 * <p>
 * As Spring Boot's own endpoints do, this one answers in types that know nothing of HTTP
 * (the contract's {@link ClusterStatus}, an {@link OperationReply}); its
 * {@link ClusterEndpointWebExtension} gives them their statuses over the web and adds
 * what only the web has: the status as a table, and {@code workers/N/...}, worker N's own
 * endpoints.
 * <ul>
 * <li>{@code status}: the cluster and its workers.</li>
 * <li>{@code reload}, {@code restart}: every worker, or one; {@code scale} to N (or
 * {@code +N}, {@code -N}, {@code max}). They answer at once with the operation; the
 * status shows its progress.</li>
 * <li>{@code broadcast}: a {@code ClusterMessage<String>} to every ready worker, at most
 * once (a cache flush, say).</li>
 * </ul>
 */
@Endpoint(id = "cluster", defaultAccess = Access.READ_ONLY)
public class ClusterEndpoint {

	static final String NO_ANSWER = "The supervisor did not answer";

	private static final String BROADCAST = "broadcast";

	private final WorkerAgent agent;

	private final @Nullable ClusterMessenger messenger;

	/**
	 * Create the endpoint.
	 * @param agent the link to the supervisor
	 * @param messenger sends the endpoint's broadcasts; {@code null} when the app
	 * replaced the starter's {@code ClusterMessaging}
	 */
	public ClusterEndpoint(WorkerAgent agent, @Nullable ClusterMessenger messenger) {
		this.agent = agent;
		this.messenger = messenger;
	}

	/**
	 * The cluster and its workers.
	 * @return the supervisor's status, {@code null} when it did not answer in time
	 */
	@ReadOperation(producesFrom = StatusFormat.class)
	public @Nullable ClusterStatus status() {
		return SupervisorQuery.await(this.agent.status(true), SupervisorQuery.TIMEOUT);
	}

	/**
	 * An operation with a JSON body: {@code {"instance": N}}, {@code {"instances":
	 * "+1"}}, {@code {"topic": "...", "payload": "..."}}.
	 * @param operation reload, restart, scale or broadcast
	 * @param instances a scale's target
	 * @param instance the one worker a reload or restart is for
	 * @param topic a broadcast's topic
	 * @param payload a broadcast's payload
	 * @return the reply
	 */
	@WriteOperation
	public OperationReply operate(@Selector String operation, @Nullable String instances, @Nullable Integer instance,
			@Nullable String topic, @Nullable String payload) {
		if (BROADCAST.equals(operation)) {
			return broadcast(topic, payload);
		}
		Optional<Operation> named = Operation.named(operation);
		if (named.isEmpty()) {
			return rejected(
					"Unknown operation '" + Untrusted.forLog(operation) + "': use reload, restart, scale or broadcast");
		}
		OperationOutcome outcome = SupervisorQuery
			.await(this.agent.operate(new OperationRequest(named.get(), instance, instances)), SupervisorQuery.TIMEOUT);
		return (outcome != null) ? new OperationReply.Outcome(outcome) : new OperationReply.Unanswered(NO_ANSWER);
	}

	/**
	 * A bare write, without a body: a reload or restart of every worker, as {@code curl
	 * -X POST .../actuator/cluster/reload} asks. Actuator maps a request with a JSON body
	 * to {@link #operate(String, String, Integer, String, String)}.
	 * @param operation reload or restart (scale and broadcast need their argument)
	 * @return the reply
	 */
	@WriteOperation
	public OperationReply operateOnAll(@Selector String operation) {
		return operate(operation, null, null, null, null);
	}

	/**
	 * The path form: {@code reload/1} and {@code restart/1} for one worker,
	 * {@code scale/4} (or {@code +1}, {@code -1}, {@code max}) for a scale.
	 * @param operation reload, restart or scale
	 * @param target the worker index, or a scale's target
	 * @return the reply
	 */
	@WriteOperation
	public OperationReply operateOn(@Selector String operation, @Selector String target) {
		if (BROADCAST.equals(operation)) {
			return rejected("A broadcast goes to every worker: POST {\"topic\": \"...\", \"payload\": \"...\"} "
					+ "to /broadcast");
		}
		if (Operation.named(operation).orElse(null) == Operation.SCALE) {
			return operate(operation, target, null, null, null);
		}
		try {
			return operate(operation, null, Integer.valueOf(target), null, null);
		}
		catch (NumberFormatException ex) {
			return rejected("'" + Untrusted.forLog(target) + "' is not a worker index: use "
					+ Untrusted.forLog(operation) + "/N, N from 0");
		}
	}

	/** A string message to every worker, from operations: a cache flush, say. */
	private OperationReply broadcast(@Nullable String topic, @Nullable String payload) {
		if (this.messenger == null) {
			return rejected("Broadcasting needs the starter's ClusterMessaging bean; the app replaced it");
		}
		if (topic == null || topic.isBlank()) {
			return rejected("A broadcast needs a topic: {\"topic\": \"...\", \"payload\": \"...\"}");
		}
		try {
			this.messenger.broadcastAs(ClusterMessage.FROM_OPERATIONS, topic, (payload != null) ? payload : "");
		}
		catch (ClusterMessageTooLargeException ex) {
			return rejected(ex.getMessage());
		}
		return new OperationReply.Broadcast(topic, "to every ready worker, at most once, as a ClusterMessage<String> "
				+ "from sender " + ClusterMessage.FROM_OPERATIONS);
	}

	private static OperationReply rejected(@Nullable String message) {
		return new OperationReply.Outcome(new OperationOutcome.Rejected(String.valueOf(message)));
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
