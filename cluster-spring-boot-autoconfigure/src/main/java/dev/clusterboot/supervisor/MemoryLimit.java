package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * PM2's {@code max_memory_restart}, without its haste: which ready workers have stayed
 * above {@code cluster.max-memory-restart}, that is, were above it at two checks in a
 * row, a {@code cluster.memory-check-interval} apart. A short peak is not enough.
 */
final class MemoryLimit {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final DataSize limit;

	private final Duration interval;

	/** Checks in a row that found each worker index above the limit. */
	private final Map<Integer, Integer> checksAbove = new HashMap<>();

	private Instant nextCheck = Instant.MIN;

	/**
	 * Create the limit.
	 * @param limit the largest resident memory a worker may keep
	 * @param interval how often to check
	 */
	MemoryLimit(DataSize limit, Duration interval) {
		this.limit = limit;
		this.interval = interval;
	}

	/** Whether a check is due: the caller reads the workers' memory only then. */
	boolean isDue(Instant now) {
		return !now.isBefore(this.nextCheck);
	}

	Instant nextCheck() {
		return this.nextCheck;
	}

	/**
	 * The loop's memory step: when a check is due, a worker that stayed above the limit
	 * is replaced like a reload, by a {@code memory-restart}, unless another operation
	 * runs.
	 * @param now the time
	 * @param pool the workers
	 * @param operations where the memory-restart starts
	 */
	void watch(Instant now, WorkerPool pool, Operations operations) {
		if (!isDue(now)) {
			return;
		}
		Reload reload = check(now, pool.slots());
		if (reload != null && operations.startUnlessBusy(reload, pool, now)) {
			logger.warn("Operation " + reload.id() + ": " + reload.report().detail() + ": replacing, drained like a "
					+ "reload");
		}
	}

	/**
	 * Check the ready workers of these slots.
	 * @param now the time
	 * @param slots the slots
	 * @return the {@code memory-restart} that replaces the workers above the limit at
	 * this check and the one before, or {@code null} when none is
	 */
	@Nullable Reload check(Instant now, List<Slot> slots) {
		Map<Integer, Long> ready = new LinkedHashMap<>();
		slots.stream()
			.filter(Slot::isOnline)
			.forEach((slot) -> ready.put(slot.index(), slot.current().jvm().residentMemory()));
		Map<Integer, Long> over = check(now, ready);
		if (over.isEmpty()) {
			return null;
		}
		StringBuilder detail = new StringBuilder("replacing worker(s) " + over.keySet() + ": ");
		over.forEach((index, memory) -> detail.append(slots.get(index).current().describe())
			.append(" uses ")
			.append(memory / (1024 * 1024))
			.append(" MB, "));
		detail.append("resident memory above ").append(this).append(" at two checks in a row");
		return new Reload("memory-restart", now, List.copyOf(over.keySet()), detail.toString());
	}

	/**
	 * Check the ready workers.
	 * @param now the time
	 * @param memoryOfReady each ready worker's resident memory in bytes, by index,
	 * {@code null} when unknown
	 * @return the workers above the limit at this check and the one before, with their
	 * memory; empty when none is
	 */
	Map<Integer, Long> check(Instant now, Map<Integer, Long> memoryOfReady) {
		this.nextCheck = now.plus(this.interval);
		Map<Integer, Long> over = new LinkedHashMap<>();
		Map<Integer, Integer> counted = new HashMap<>();
		memoryOfReady.forEach((index, memory) -> {
			if (memory != null && memory > this.limit.toBytes()) {
				int checks = this.checksAbove.getOrDefault(index, 0) + 1;
				counted.put(index, checks);
				if (checks >= 2) {
					over.put(index, memory);
				}
			}
		});
		// A worker below the limit, or not ready, starts counting again.
		this.checksAbove.clear();
		this.checksAbove.putAll(counted);
		return over;
	}

	@Override
	public String toString() {
		return "cluster.max-memory-restart (" + this.limit.toMegabytes() + " MB)";
	}

}
