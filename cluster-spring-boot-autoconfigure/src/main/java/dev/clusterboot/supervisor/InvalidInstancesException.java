package dev.clusterboot.supervisor;

/**
 * Thrown at start-up when {@code cluster.instances} cannot be turned into a number of
 * workers.
 */
public class InvalidInstancesException extends RuntimeException {

	private final String value;

	private final String reason;

	public InvalidInstancesException(String value, String reason) {
		super("Invalid cluster.instances '" + value + "': " + reason);
		this.value = value;
		this.reason = reason;
	}

	public String getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

}
