package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.util.unit.DataSize;

/**
 * PM2's {@code max_memory_restart}, without its haste: which ready workers have stayed above
 * {@code cluster.max-memory-restart}, that is, were above it at two checks in a row, a
 * {@code cluster.memory-check-interval} apart. A short peak is not enough.
 */
final class MemoryLimit {

	private final DataSize limit;

	private final Duration interval;

	private final Function<Worker, Long> memoryOf;

	private Instant nextCheck = Instant.MIN;

	/**
	 * Create the limit.
	 * @param limit the largest resident memory a worker may keep
	 * @param interval how often to check
	 * @param memoryOf a worker's resident memory in bytes, {@code null} when unknown
	 */
	MemoryLimit(DataSize limit, Duration interval, Function<Worker, Long> memoryOf) {
		this.limit = limit;
		this.interval = interval;
		this.memoryOf = memoryOf;
	}

	/**
	 * Check the workers, if a check is due.
	 * @param now the time
	 * @param workers the worker slots
	 * @return the workers above the limit at this check and the one before, with their memory in
	 * bytes; empty when none is, or when no check was due
	 */
	Map<Worker, Long> check(Instant now, List<Worker> workers) {
		Map<Worker, Long> over = new LinkedHashMap<>();
		if (now.isBefore(this.nextCheck)) {
			return over;
		}
		this.nextCheck = now.plus(this.interval);
		for (Worker worker : workers) {
			Long memory = (worker.state == WorkerState.ONLINE) ? this.memoryOf.apply(worker) : null;
			boolean above = memory != null && memory > this.limit.toBytes();
			worker.checksAboveMemoryLimit = above ? worker.checksAboveMemoryLimit + 1 : 0;
			if (worker.checksAboveMemoryLimit >= 2) {
				over.put(worker, memory);
			}
		}
		return over;
	}

	@Override
	public String toString() {
		return "cluster.max-memory-restart (" + this.limit.toMegabytes() + " MB)";
	}

}
