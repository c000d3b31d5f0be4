package dev.clusterboot.contract;

/**
 * The text formats a cluster-wide Prometheus scrape is merged in.
 */
public enum ScrapeFormat {

	/** Prometheus text format 0.0.4. */
	PROMETHEUS_TEXT,

	/** OpenMetrics text 1.0.0. */
	OPENMETRICS_TEXT

}
