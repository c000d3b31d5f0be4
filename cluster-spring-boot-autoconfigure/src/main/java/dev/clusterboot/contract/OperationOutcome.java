package dev.clusterboot.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The supervisor's answer to an {@link OperationRequest}. Each kind maps onto one HTTP
 * status in the endpoint; the supervisor itself knows nothing of HTTP.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({ @JsonSubTypes.Type(value = OperationOutcome.Accepted.class, name = "accepted"),
		@JsonSubTypes.Type(value = OperationOutcome.Rejected.class, name = "rejected"),
		@JsonSubTypes.Type(value = OperationOutcome.Busy.class, name = "busy"),
		@JsonSubTypes.Type(value = OperationOutcome.Stopping.class, name = "stopping") })
public sealed interface OperationOutcome {

	/**
	 * Started: it runs on, and the status shows its progress.
	 *
	 * @param operation the operation started
	 */
	record Accepted(OperationReport operation) implements OperationOutcome {
	}

	/**
	 * Not a valid request: an unknown index, an impossible count. Nothing changed.
	 *
	 * @param message what is wrong, for the caller
	 */
	record Rejected(String message) implements OperationOutcome {
	}

	/**
	 * Another operation runs; one at a time. Nothing changed.
	 *
	 * @param message what runs, for the caller
	 * @param running the operation that runs
	 */
	record Busy(String message, OperationReport running) implements OperationOutcome {
	}

	/**
	 * The cluster is stopping. Nothing changed.
	 *
	 * @param message for the caller
	 */
	record Stopping(String message) implements OperationOutcome {
	}

}
