package dev.clusterboot.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.process.WorkerJvm;

/**
 * The worker slots and every JVM the supervisor knows, with the queries over them; and
 * the {@link SlotTargets} the operations see: the targets they set here, the wanted count
 * and the slots to replace or restart, are what the supervisor's loop converges to. Loop
 * thread only, but for {@link #live()}, which the shutdown hook reads.
 */
final class WorkerPool implements SlotTargets {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final List<Slot> slots = new ArrayList<>();

	/** JVMs of slots scaled away, draining. */
	private final List<WorkerProcess> leaving = new ArrayList<>();

	/** Every JVM not known to have exited. */
	private final Set<WorkerJvm> live = ConcurrentHashMap.newKeySet();

	private final RestartPolicy policy;

	private int wanted;

	/**
	 * The loop's step: kill a JVM without start-up progress within the listen timeout,
	 * not ready within the start timeout, or not gone within the shutdown timeout.
	 */
	void killLate(Instant now) {
		for (WorkerProcess process : processes().toList()) {
			Lateness late = process.killIfLate(now);
			if (late != Lateness.NONE) {
				logger.warn(
						process.describe() + " " + process.killedBecause() + ": killing it" + ((late == Lateness.START)
								? " as failed start " + (slotOf(process).history().failedStarts() + 1) : ""));
			}
		}
	}

	/**
	 * Whether any worker has been ready yet: until then the app has not shown that it can
	 * start.
	 */
	private boolean everReady;

	private boolean announcedReady;

	WorkerPool(int wanted, RestartPolicy policy) {
		this.wanted = wanted;
		this.policy = policy;
	}

	// ---- SlotTargets, for the operations

	@Override
	public List<Slot> slots() {
		return Collections.unmodifiableList(this.slots);
	}

	@Override
	public int leaving() {
		return this.leaving.size();
	}

	@Override
	public void replace(int index) {
		this.slots.get(index).markOutdated();
	}

	@Override
	public void restart(int index) {
		this.slots.get(index).requestRestart();
	}

	@Override
	public void scaleTo(int count) {
		this.wanted = count;
	}

	// ---- the slots

	boolean needsSlot() {
		return this.slots.size() < this.wanted;
	}

	boolean hasSlotTooMany() {
		return this.slots.size() > this.wanted;
	}

	Slot addSlot() {
		Slot slot = new Slot(this.slots.size(), this.policy);
		this.slots.add(slot);
		return slot;
	}

	/** Remove the highest slot; its JVMs go on draining as {@link #leaving()} ones. */
	Slot removeLastSlot() {
		Slot removed = this.slots.remove(this.slots.size() - 1);
		removed.processes().forEach(this.leaving::add);
		return removed;
	}

	boolean allErrored() {
		return this.slots.stream().allMatch(Slot::isErrored);
	}

	/** The JVMs that serve their slots, ready. */
	List<WorkerProcess> readyProcesses() {
		return this.slots.stream()
			.map(Slot::current)
			.filter((current) -> current != null && current.isOnline())
			.toList();
	}

	boolean allOnline() {
		return this.slots.stream().allMatch(Slot::isOnline);
	}

	/**
	 * Whether every slot is served by a ready JVM past its slow start, and no JVM is
	 * replaced, restarted or leaving.
	 */
	boolean isSettled(Instant now) {
		return this.leaving.isEmpty() && this.slots.stream()
			.allMatch((slot) -> slot.isOnline() && !slot.isReplacing() && !slot.isOutdated()
					&& !slot.isRestartRequested() && !isWarming(slot.current(), now));
	}

	int online() {
		return (int) this.slots.stream().filter(Slot::isOnline).count();
	}

	/** A worker is ready: whether it is the first of the cluster's life. */
	boolean firstReady() {
		boolean first = !this.everReady;
		this.everReady = true;
		return first;
	}

	boolean hasBeenReady() {
		return this.everReady;
	}

	/** Whether every slot has been ready at once: the cluster has been up. */
	boolean hasBeenAllReady() {
		return this.announcedReady;
	}

	/** Whether every slot is ready, for the first time: the cluster is up. */
	boolean allReadyForTheFirstTime() {
		if (this.announcedReady || !allOnline()) {
			return false;
		}
		this.announcedReady = true;
		return true;
	}

	/**
	 * The app has shown that it can start: a slot given up under start-attempts before
	 * that gets the usual restart policy from now on.
	 */
	List<Slot> reviveGivenUpStarts(Instant now) {
		List<Slot> revived = this.slots.stream()
			.filter((slot) -> slot.isErrored() && slot.history().failedFirstStarts() > 0)
			.toList();
		revived.forEach((slot) -> slot.restartAt(now));
		return revived;
	}

	/**
	 * Outdated slots to replace now, in order: first new JVMs above the instance count
	 * (at most {@code maxSurge} at a time), then slots drained before their new JVM
	 * starts (at most {@code maxUnavailable} at a time). A slot whose new JVM is still in
	 * its slow start counts against both.
	 * @return the slots to surge, and those to drain first
	 */
	Rollout rollout(int maxSurge, int maxUnavailable, Instant now) {
		List<Slot> waiting = this.slots.stream().filter((slot) -> slot.isOutdated() && !slot.isReplacing()).toList();
		// A new JVM still in its slow start takes little of the load: the next one waits
		// for it, so that one cold JVM at a time takes the warm workers' CPU.
		long warming = this.slots.stream().filter((slot) -> isWarming(slot.current(), now)).count();
		long surging = warming
				+ this.slots.stream().filter((slot) -> slot.isReplacing() && !slot.isDrainingFirst()).count();
		long draining = warming + this.slots.stream().filter(Slot::isDrainingFirst).count();
		int surge = (int) Math.max(0, Math.min(waiting.size(), maxSurge - surging));
		int drainFirst = (int) Math.max(0, Math.min(waiting.size() - surge, maxUnavailable - draining));
		return new Rollout(waiting.subList(0, surge), waiting.subList(surge, surge + drainFirst));
	}

	/**
	 * The slots a pass of the loop replaces.
	 *
	 * @param surge started beside their serving JVM
	 * @param drainFirst drained, then started
	 */
	record Rollout(List<Slot> surge, List<Slot> drainFirst) {
	}

	/**
	 * Whether a ready JVM serves its slot without a slow start: a JVM that starts now may
	 * leave connections to it.
	 */
	boolean hasWarmWorker(Instant now) {
		return this.slots.stream()
			.map(Slot::current)
			.anyMatch((current) -> current != null && current.isOnline() && !current.isWarming(now)
					&& current.state() != WorkerState.STOPPING);
	}

	/**
	 * The loop's step: end the slow starts when no warm worker serves beside them, so
	 * that no connection waits for a limit that nobody else is there to take up.
	 */
	void endSlowStartsWithoutWarmWorker(Instant now) {
		if (hasWarmWorker(now)) {
			return;
		}
		this.slots.stream().map(Slot::current).filter((current) -> isWarming(current, now)).forEach((current) -> {
			logger.info(current.describe() + " ends its slow start early: no warm worker serves beside it");
			current.endSlowStart();
		});
	}

	private static boolean isWarming(@Nullable WorkerProcess process, Instant now) {
		return process != null && process.isWarming(now);
	}

	ClusterStatus status(String portSharing, @Nullable Integer port, List<ClusterStatus.ServerPort> servers,
			@Nullable OperationReport operation, boolean usage, Instant now) {
		return new ClusterStatus(portSharing, port, new ClusterStatus.Instances(this.slots.size(), online()), operation,
				this.slots.stream().map((slot) -> slot.status(now, usage)).toList(), servers);
	}

	// ---- the JVMs

	void launched(WorkerJvm jvm) {
		this.live.add(jvm);
	}

	/** A JVM exited. */
	void exited(WorkerProcess process) {
		this.live.remove(process.jvm());
	}

	/**
	 * @return whether it was one of a removed slot, and is now forgotten
	 */
	boolean leavingExited(WorkerProcess process) {
		return this.leaving.remove(process);
	}

	/** Every JVM not known to have exited; safe to read from any thread. */
	Set<WorkerJvm> live() {
		return this.live;
	}

	/** Every worker JVM the supervisor knows: serving, replacing, draining. */
	Stream<WorkerProcess> processes() {
		return Stream.concat(this.slots.stream().flatMap(Slot::processes), this.leaving.stream());
	}

	Slot slotOf(WorkerProcess process) {
		return this.slots.stream().filter((slot) -> slot.roleOf(process) != Slot.Role.NONE).findFirst().orElseThrow();
	}

	/**
	 * The running JVM that a connection claims to be, or {@code null} for a stale or
	 * foreign one.
	 */
	@Nullable WorkerProcess claimedBy(ChannelPeer peer) {
		return processes().filter((process) -> process.owns(peer)).findFirst().orElse(null);
	}

	/** The JVM this connection belongs to, once accepted. */
	@Nullable WorkerProcess connectedAs(ChannelPeer peer) {
		return processes().filter((process) -> process.peer() == peer).findFirst().orElse(null);
	}

	/** The slot a connection's worker serves, or last served. */
	@Nullable Slot slotServedBy(ChannelPeer peer) {
		return this.slots.stream()
			.filter((slot) -> slot.index() == peer.instance() && slot.ownedPid(peer.pid()))
			.findFirst()
			.orElse(null);
	}

	/** The ready workers' connections, by index: where scrapes and messages go. */
	Map<Integer, ChannelPeer> readyPeers() {
		Map<Integer, ChannelPeer> ready = new LinkedHashMap<>();
		for (Slot slot : this.slots) {
			WorkerProcess current = slot.current();
			if (current != null && current.isOnline() && current.peer() != null) {
				ready.put(slot.index(), current.peer());
			}
		}
		return ready;
	}

	/**
	 * Each slot's state, and each other JVM's (replacing, draining): what the meters
	 * count.
	 */
	Stream<WorkerState> states() {
		Stream<WorkerProcess> others = Stream.concat(
				this.slots.stream().flatMap(Slot::processes).filter((process) -> !isCurrent(process)),
				this.leaving.stream());
		return Stream.concat(this.slots.stream().map(Slot::state), others.map(WorkerProcess::state));
	}

	private boolean isCurrent(WorkerProcess process) {
		return process.index() < this.slots.size() && this.slots.get(process.index()).current() == process;
	}

	/** When a JVM is next late to get ready or to drain, and is killed. */
	@Nullable Instant nextKill() {
		return LoopStep.earliest(processes().map(WorkerProcess::deadline));
	}

	/** When a slot is next due to be started again after its back-off. */
	@Nullable Instant nextRestart() {
		return LoopStep.earliest(this.slots.stream().map(Slot::restartAt));
	}

	/** When a slow start next ends: a rollout may take its next step then. */
	@Nullable Instant nextWarmEnd(Instant now) {
		return LoopStep.earliest(
				processes().map(WorkerProcess::warmAt).filter((instant) -> instant != null && instant.isAfter(now)));
	}

}
