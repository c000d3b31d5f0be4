package dev.clusterboot.autoconfigure;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * How a rolling reload replaces the workers.
 */
public class ReloadProperties {

	/**
	 * Workers started above the instance count during a reload: each new JVM is ready
	 * before the one it replaces drains, so no capacity is lost, at the cost of an extra
	 * JVM starting beside the serving ones.
	 */
	private int maxSurge = 1;

	/**
	 * Workers that may be out of service at once during a reload: each drains first, then
	 * its new JVM starts, using no extra CPU or memory but serving with fewer workers
	 * meanwhile.
	 */
	private int maxUnavailable = 0;

	public int getMaxSurge() {
		return this.maxSurge;
	}

	public void setMaxSurge(int maxSurge) {
		this.maxSurge = maxSurge;
	}

	public int getMaxUnavailable() {
		return this.maxUnavailable;
	}

	public void setMaxUnavailable(int maxUnavailable) {
		this.maxUnavailable = maxUnavailable;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "cluster.reload.max-surge", since = "0.1.0")
	public int getParallelism() {
		return this.maxSurge;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setParallelism(int parallelism) {
		this.maxSurge = parallelism;
	}

}
