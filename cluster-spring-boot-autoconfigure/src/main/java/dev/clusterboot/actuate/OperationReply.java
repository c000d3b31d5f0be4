package dev.clusterboot.actuate;

import dev.clusterboot.contract.OperationOutcome;

/**
 * What the {@code cluster} endpoint answers a write with, before its web extension gives
 * that an HTTP status: the same answer reaches any technology Actuator serves the
 * endpoint over.
 */
public sealed interface OperationReply {

	/**
	 * An operation's outcome: the supervisor's, or a rejection by the endpoint of a
	 * request that makes no sense before it reaches the supervisor.
	 *
	 * @param outcome the outcome
	 */
	record Outcome(OperationOutcome outcome) implements OperationReply {
	}

	/**
	 * A broadcast sent.
	 *
	 * @param topic its topic
	 * @param delivery how it is delivered, for the caller
	 */
	record Broadcast(String topic, String delivery) implements OperationReply {
	}

	/**
	 * The supervisor did not answer in time; whether the operation started is unknown,
	 * and the status shows it.
	 *
	 * @param message for the caller
	 */
	record Unanswered(String message) implements OperationReply {
	}

}
