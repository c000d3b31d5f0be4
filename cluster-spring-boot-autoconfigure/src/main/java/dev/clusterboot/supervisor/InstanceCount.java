package dev.clusterboot.supervisor;

/**
 * Turns {@code cluster.instances} into a number of workers, as PM2 reads {@code -i}.
 *
 * <p>
 * Unlike PM2, which counts the host's CPUs, the processor count is
 * {@link Runtime#availableProcessors()}, which respects container CPU limits.
 */
public final class InstanceCount {

	private InstanceCount() {
	}

	/**
	 * Resolve a {@code cluster.instances} value.
	 * @param value the configured value: {@code N}, {@code max}, {@code 0} or {@code -N}
	 * @param availableProcessors the processors this JVM may use
	 * @param maxInstances {@code cluster.max-instances}, the most workers allowed
	 * @return the number of workers, at least 1
	 * @throws InvalidInstancesException if the value is none of the accepted forms,
	 * leaves no worker, or asks for more than the most allowed
	 */
	public static int resolve(String value, int availableProcessors, int maxInstances) {
		int count = resolve(value, availableProcessors);
		if (count > maxInstances) {
			throw new InvalidInstancesException(value,
					"it asks for " + count + " workers, above cluster.max-instances (" + maxInstances + ")");
		}
		return count;
	}

	private static int resolve(String value, int availableProcessors) {
		InstancesValue parsed = InstancesValue.parse(value);
		if (parsed == null) {
			throw new InvalidInstancesException(value, "it is not a whole number, 'max' or '-N'");
		}
		if (parsed.max()) {
			return availableProcessors;
		}
		int number = parsed.number();
		if (number == 0) {
			return availableProcessors;
		}
		if (number > 0) {
			return number;
		}
		int remaining = availableProcessors + number;
		if (remaining < 1) {
			throw new InvalidInstancesException(value, "this JVM has " + availableProcessors
					+ " available processor(s), so " + value + " leaves no worker");
		}
		return remaining;
	}

}
