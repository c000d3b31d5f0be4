package dev.clusterboot.autoconfigure;

/**
 * The 'cluster' health component.
 */
public class ClusterHealthProperties {

	/**
	 * Fraction of the desired workers that must be ready for the 'cluster' health
	 * component to be UP (at least one worker); below it, OUT_OF_SERVICE.
	 */
	private double readyThreshold = 0.5;

	public double getReadyThreshold() {
		return this.readyThreshold;
	}

	public void setReadyThreshold(double readyThreshold) {
		this.readyThreshold = readyThreshold;
	}

}
