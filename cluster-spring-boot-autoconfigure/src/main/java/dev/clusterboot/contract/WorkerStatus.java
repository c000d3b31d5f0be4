package dev.clusterboot.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One worker slot's row of the status, like a row of {@code pm2 ls}.
 *
 * @param id the worker index
 * @param pid the process id of its JVM, {@code null} while it has none
 * @param state where it is in its life
 * @param uptimeSeconds since its JVM started
 * @param restarts restarts of this slot, after a crash or when asked
 * @param cpuPercent CPU use since the previous status, in percent of one core;
 * {@code null} when not asked for, or unknown
 * @param memoryBytes resident memory; {@code null} when not asked for, or unknown (not
 * Linux)
 * @param version which build of the app its JVM runs, as known when it started
 * @param replacement the new JVM starting to take this slot over, during a reload
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerStatus(int id, @Nullable Long pid, WorkerState state, long uptimeSeconds, int restarts,
		@Nullable Double cpuPercent, @Nullable Long memoryBytes, @Nullable String version,
		@Nullable WorkerStatus replacement) {
}
