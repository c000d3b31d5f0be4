package dev.clusterboot.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * A number of workers as written in {@code cluster.instances} and in a scale request:
 * {@code max}, {@code N}, {@code +N} or {@code -N}. It is read once here;
 * {@link InstanceCount} and {@link ScaleTarget} each say what the forms mean to them.
 *
 * @param max whether it is {@code max}
 * @param number the number written, its sign included; 0 for {@code max}
 * @param signed whether it was written with a sign, as a change of a count
 */
record InstancesValue(boolean max, int number, boolean signed) {

	/**
	 * Read a value.
	 * @param value as written
	 * @return what it says, or {@code null} when it is none of the forms
	 */
	static @Nullable InstancesValue parse(String value) {
		String trimmed = value.trim();
		if (trimmed.equalsIgnoreCase("max")) {
			return new InstancesValue(true, 0, false);
		}
		try {
			int number = Integer.parseInt(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
			return new InstancesValue(false, number, trimmed.startsWith("+") || trimmed.startsWith("-"));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
