package dev.clusterboot.worker;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.ScrapeFormat;

/**
 * This worker's own meters, for the supervisor to merge.
 */
@FunctionalInterface
public interface ScrapeSource {

	/**
	 * Scrape this worker.
	 * @param format the text format
	 * @param names the meters to include, or {@code null} for all
	 * @return the exposition, or {@code null} when this worker has none
	 */
	@Nullable String scrape(ScrapeFormat format, @Nullable List<String> names);

}
