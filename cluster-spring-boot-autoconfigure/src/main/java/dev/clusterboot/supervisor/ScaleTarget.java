package dev.clusterboot.supervisor;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.Untrusted;

/**
 * Reads the {@code instances} of a scale request, as {@code pm2 scale} reads its number.
 */
final class ScaleTarget {

	static final String ACCEPTED = "instances must be N (a positive number), +N, -N or max";

	private ScaleTarget() {
	}

	/**
	 * The number of workers a scale request asks for.
	 * @param value {@code N}, {@code +N}, {@code -N} or {@code max}
	 * @param current the number of worker slots now
	 * @param availableProcessors the processors this JVM may use
	 * @return the target, at least 1
	 * @throws IllegalArgumentException with a message for the caller when the value is
	 * not accepted
	 */
	static int resolve(@Nullable String value, int current, int availableProcessors, int maxInstances) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Missing instances: " + ACCEPTED);
		}
		InstancesValue parsed = InstancesValue.parse(value);
		if (parsed == null) {
			throw new IllegalArgumentException("Invalid instances '" + Untrusted.forLog(value) + "': " + ACCEPTED);
		}
		// In long: +2147483647 must not wrap round to a small count.
		long target = parsed.max() ? availableProcessors
				: parsed.signed() ? (long) current + parsed.number() : parsed.number();
		if (target > maxInstances) {
			throw new IllegalArgumentException("Invalid instances '" + Untrusted.forLog(value) + "': it would run "
					+ target + " workers, above cluster.max-instances (" + maxInstances + ")");
		}
		if (target < 1) {
			throw new IllegalArgumentException(
					"Invalid instances '" + Untrusted.forLog(value) + "': it would leave " + target + " worker(s) of "
							+ current + "; a cluster keeps at least one (stop the app to stop them all)");
		}
		return (int) target;
	}

}
