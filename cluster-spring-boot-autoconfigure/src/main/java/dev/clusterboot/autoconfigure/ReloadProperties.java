package dev.clusterboot.autoconfigure;

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

}
