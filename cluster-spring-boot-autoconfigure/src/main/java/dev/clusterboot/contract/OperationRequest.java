package dev.clusterboot.contract;

import org.jspecify.annotations.Nullable;

/**
 * An operator's request.
 *
 * @param operation what to do
 * @param instance the one worker index it is for, or {@code null} for every worker
 * @param instances a scale's target: {@code N}, {@code +N}, {@code -N} or {@code max}
 */
public record OperationRequest(Operation operation, @Nullable Integer instance, @Nullable String instances) {

	/** The operation on every worker. */
	public static OperationRequest of(Operation operation) {
		return new OperationRequest(operation, null, null);
	}

}
