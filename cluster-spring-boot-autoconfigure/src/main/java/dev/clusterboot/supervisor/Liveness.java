package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.supervisor.metrics.SupervisorMeters;

/**
 * The loop's liveness step, which PM2 lacks: every {@code cluster.heartbeat-interval}
 * each ready worker is pinged on the channel, and answers from the thread that reads it.
 * A worker silent for {@code cluster.heartbeat-timeout} (frozen, in a garbage collection
 * without end, its channel stuck), or whose app sets Spring's liveness to BROKEN, leaves
 * the rotation and is replaced like a reload: its new JVM first, then the old one is
 * asked to drain, and killed if it cannot.
 */
final class Liveness {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final Duration interval;

	private final Duration timeout;

	private final WorkerPool pool;

	private final SupervisorMeters meters;

	private final Rotation rotation;

	private Instant nextBeat = Instant.MIN;

	private long sequence;

	Liveness(Duration interval, Duration timeout, WorkerPool pool, SupervisorMeters meters, Rotation rotation) {
		this.interval = interval;
		this.timeout = timeout;
		this.pool = pool;
		this.meters = meters;
		this.rotation = rotation;
	}

	/** The step: ping when due, and replace the workers silent for too long. */
	void beat(Instant now) {
		if (!now.isBefore(this.nextBeat)) {
			this.nextBeat = now.plus(this.interval);
			this.sequence++;
			this.pool.processes()
				.filter(WorkerProcess::isOnline)
				.forEach((process) -> process.ping(new ToWorker.Ping(this.sequence), now));
		}
		this.pool.processes()
			.filter((process) -> process.isOnline() && process.silence(now).compareTo(this.timeout) > 0)
			.toList()
			.forEach((process) -> replace(process, Unwell.UNRESPONSIVE,
					"has not answered for " + process.silence(now).toMillis() + " ms (cluster.heartbeat-timeout "
							+ this.timeout.toMillis() + " ms)"));
	}

	/** The app set Spring's liveness to BROKEN. */
	void broken(WorkerProcess process) {
		if (process.isOnline()) {
			replace(process, Unwell.BROKEN, "says its app is broken (Spring's LivenessState.BROKEN)");
		}
	}

	/** When the next pings are due. */
	@Nullable Instant nextBeat() {
		return this.nextBeat;
	}

	private void replace(WorkerProcess process, Unwell how, String why) {
		process.unwell(how);
		this.rotation.leave(process);
		Slot slot = this.pool.slotOf(process);
		if (slot.current() == process) {
			this.pool.replace(slot.index());
		}
		this.meters.replacedUnwell(slot.index(), how.tag());
		logger.warn(process.describe() + " " + why + ": out of the rotation, and replaced: its new JVM starts "
				+ "first, then it is asked to drain, and killed if it cannot");
	}

}
