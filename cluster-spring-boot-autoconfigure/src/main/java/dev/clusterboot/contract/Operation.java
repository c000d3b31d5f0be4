package dev.clusterboot.contract;

import java.util.Locale;
import java.util.Optional;

/**
 * What an operator can ask of the cluster through the {@code cluster} endpoint or a
 * signal.
 */
public enum Operation {

	/**
	 * Replace every worker, or one, by a new JVM: the new one ready first, then the old
	 * drains.
	 */
	RELOAD,

	/**
	 * Drain and stop every worker, or one, then start it again: a short gap per worker.
	 */
	RESTART,

	/** Change the number of workers: up starts new indexes, down drains the highest. */
	SCALE;

	/**
	 * How the endpoint's path names it: {@code reload}, {@code restart}, {@code scale}.
	 */
	public String pathName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The operation a path segment names.
	 * @param name {@code reload}, {@code restart} or {@code scale}
	 * @return the operation, or empty for any other name
	 */
	public static Optional<Operation> named(String name) {
		for (Operation operation : values()) {
			if (operation.pathName().equals(name)) {
				return Optional.of(operation);
			}
		}
		return Optional.empty();
	}

}
