package dev.clusterboot.supervisor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.endpoint.EndpointFanIn;
import dev.clusterboot.supervisor.metrics.ScrapeFanIn;
import dev.clusterboot.supervisor.metrics.SupervisorMeters;
import dev.clusterboot.supervisor.process.ProcessLauncher;
import dev.clusterboot.supervisor.process.WorkerJvm;
import dev.clusterboot.supervisor.systemd.ServiceNotifications;

/**
 * The supervisor: keeps the wanted number of worker JVMs of the app running, replaces
 * them as operations ask, and stops them all gracefully on SIGTERM or SIGINT.
 *
 * <p>
 * Modelled on gunicorn's arbiter and Einhorn's loop: every outside event (a worker's
 * exit, a channel message, a signal) is queued, and one thread handles them in order;
 * after each, one {@link #pass} takes the named {@link LoopStep}s, listed once in
 * {@code steps}, whose deadlines also bound the wait for the next event. All worker state
 * is owned by that thread.
 */
public final class Supervisor {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private static final Duration MAX_IDLE_WAIT = Duration.ofMillis(500);

	private final SupervisorSettings settings;

	private final ClusterSockets.Opener opener;

	private final ProcessLauncher launcher;

	private final Clock clock;

	private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();

	private final WorkerPool pool;

	private final SupervisorMeters meters;

	private final Operations operations;

	private final ScrapeFanIn scrapes;

	private final EndpointFanIn endpoints;

	private final WorkerStarts starts;

	private final Rotation rotation;

	/** The loop's steps, in the order each pass takes them. */
	private final List<LoopStep> steps;

	private final Liveness liveness;

	private final @Nullable MemoryLimit memory;

	private final ServiceNotifications service;

	private final SupervisorMemory ownMemory;

	private final CountDownLatch finished = new CountDownLatch(1);

	private @Nullable ClusterSockets resources;

	private boolean stopping;

	private @Nullable String startFailure;

	private int exitCode;

	/**
	 * Create a supervisor that tells a service manager where it stands.
	 * @param settings what it runs by
	 * @param opener opens the channel and the ports, once it can listen
	 * @param launcher starts worker JVMs
	 * @param clock the time, for every deadline and delay
	 * @param service systemd's notifications, or {@link ServiceNotifications#NONE}
	 */
	public Supervisor(SupervisorSettings settings, ClusterSockets.Opener opener, ProcessLauncher launcher, Clock clock,
			ServiceNotifications service) {
		this(settings, opener, launcher, clock, service, SupervisorMemory.THIS_JVM);
	}

	Supervisor(SupervisorSettings settings, ClusterSockets.Opener opener, ProcessLauncher launcher, Clock clock,
			ServiceNotifications service, SupervisorMemory.Trim trim) {
		this.service = service;
		this.ownMemory = new SupervisorMemory(trim);
		this.settings = settings;
		this.opener = opener;
		this.launcher = launcher;
		this.clock = clock;
		SupervisorParts parts = SupervisorParts.wire(this, settings, launcher, clock);
		this.pool = parts.pool();
		this.meters = parts.meters();
		this.operations = parts.operations();
		this.scrapes = parts.scrapes();
		this.endpoints = parts.endpoints();
		this.rotation = parts.rotation();
		this.starts = parts.starts();
		this.liveness = parts.liveness();
		this.memory = parts.memory();
		this.steps = steps(parts.convergence());
	}

	/**
	 * The loop's steps, listed once: each pass takes them in this order, and the loop
	 * waits for the next event no longer than the earliest of their deadlines.
	 */
	private List<LoopStep> steps(Convergence convergence) {
		List<LoopStep> steps = new ArrayList<>();
		steps.add(LoopStep.always("kill what is late", this.pool::killLate, (now) -> this.pool.nextKill()));
		steps.add(LoopStep.unlessStopping("ping the workers", this.liveness::beat, (now) -> this.liveness.nextBeat()));
		steps.add(LoopStep.unlessStopping("restart what is due", convergence::restartDue,
				(now) -> this.pool.nextRestart()));
		steps.add(LoopStep.unlessStopping("reconcile the slots", convergence::reconcile, LoopStep::noDeadline));
		steps.add(LoopStep.unlessStopping("start queued slots", convergence::startQueued, LoopStep::noDeadline));
		steps.add(LoopStep.always("end slow starts no warm worker backs", this.pool::endSlowStartsWithoutWarmWorker,
				this.pool::nextWarmEnd));
		MemoryLimit memory = this.memory;
		if (memory != null) {
			steps.add(LoopStep.unlessStopping("check memory", (now) -> memory.watch(now, this.pool, this.operations),
					(now) -> memory.nextCheck()));
		}
		steps.add(LoopStep.always("observe the operation", (now) -> this.operations.observe(this.pool, now),
				LoopStep::noDeadline));
		steps.add(LoopStep.always("answer scrapes", this.scrapes::finishDone, (now) -> this.scrapes.nextDeadline()));
		steps.add(LoopStep.always("answer endpoint requests", this.endpoints::finishDone,
				(now) -> this.endpoints.nextDeadline()));
		steps.add(LoopStep.always("trim the supervisor's memory", (now) -> this.ownMemory.observe(now, isSettled(now)),
				(now) -> this.ownMemory.deadline()));
		steps.add(LoopStep.always("tell systemd", this::notifyService, (now) -> this.service.nextWatchdog()));
		return List.copyOf(steps);
	}

	/**
	 * Run the cluster until it is told to stop, or until it gives up.
	 * @return the exit code for the supervisor's JVM: 0 after a requested stop, 1 when
	 * every worker was given up
	 * @throws IOException when the channel or the port cannot be opened
	 */
	public int run() throws IOException {
		open();
		SignalHandling.install(this::terminate,
				() -> post(() -> submitLogged(OperationRequest.of(Operation.RELOAD), "by SIGHUP")),
				this::stopFromShutdownHook);
		try {
			while (!isFinished()) {
				awaitEvent();
				survive(this::pass);
			}
			logger.info("Cluster stopped");
			if (this.startFailure != null) {
				// Last, where a person looking at a failed start reads first.
				logger.error(this.startFailure);
			}
			return this.exitCode;
		}
		finally {
			close();
		}
	}

	/**
	 * Set this JVM up as the supervisor, open the channel and the ports, and start the
	 * first workers.
	 */
	void open() throws IOException {
		if (this.settings.c1Only()) {
			this.ownMemory.begin();
		}
		MessageRelay relay = new MessageRelay(this.settings.messageMaxSize(), this.settings.messageQueueCapacity(),
				this.meters);
		this.resources = this.opener.open(
				new WorkerMessages(this, this.pool, this.scrapes, this.endpoints, relay, this.liveness, this.rotation,
						this::post, this.clock),
				this.settings.outboxCapacity(), this.settings.maxConnections(), this.settings.instances());
		Integer port = this.resources.port();
		if (port != null) {
			this.meters.sharedPort("http", port);
		}
		this.resources.onServerShared((server) -> this.meters.sharedPort(server.server(), server.port()));
		pass();
	}

	/** For tests: handle what is queued, and take the steps, until nothing is queued. */
	void runPending() {
		do {
			Runnable event;
			while ((event = this.events.poll()) != null) {
				survive(event);
			}
			survive(this::pass);
		}
		while (!this.events.isEmpty());
	}

	/**
	 * Stopping, and the exit of every worker JVM handled: a JVM the JDK has seen go may
	 * still have its exit waiting in the queue, and the cluster is not stopped before
	 * that exit is logged and its secret revoked.
	 */
	boolean isFinished() {
		return this.stopping && this.pool.processes().allMatch((process) -> process.state() == WorkerState.STOPPED);
	}

	/**
	 * Kill what is left (a worker, a step of the start-up cache), and release the channel
	 * and the ports.
	 */
	void close() {
		this.pool.live().forEach(WorkerJvm::kill);
		this.launcher.close();
		if (this.resources != null) {
			this.resources.close();
		}
		this.finished.countDown();
	}

	int exitCode() {
		return this.exitCode;
	}

	@Nullable String startFailureReport() {
		return this.startFailure;
	}

	WorkerPool pool() {
		return this.pool;
	}

	SupervisorMeters meters() {
		return this.meters;
	}

	private void awaitEvent() {
		try {
			Runnable event = this.events.poll(untilNextDeadline().toMillis(), TimeUnit.MILLISECONDS);
			if (event != null) {
				survive(event);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stopAll();
		}
	}

	/**
	 * Run one event, or one pass, and survive whatever it throws, an {@code Error}
	 * included ("unable to create native thread" where a pids limit is reached): it is
	 * logged and counted, and the loop, and the serving workers, go on.
	 */
	private void survive(Runnable step) {
		try {
			step.run();
		}
		catch (Throwable ex) {
			this.meters.loopError();
			logger.error("The supervisor's loop survived an error; the workers serve on: " + ex, ex);
		}
	}

	void post(Runnable event) {
		this.events.add(event);
	}

	/** One pass of the loop: the named steps, in order. */
	void pass() {
		Instant now = this.clock.instant();
		for (LoopStep step : this.steps) {
			if (step.isTaken(this.stopping)) {
				step.action().accept(now);
			}
		}
	}

	/**
	 * Whether nothing is under way: every slot served by a warm JVM, none replaced or
	 * leaving, no operation running, and the start-up cache made.
	 */
	private boolean isSettled(Instant now) {
		return !this.stopping && this.pool.hasBeenAllReady() && this.pool.isSettled(now) && !this.operations.isRunning()
				&& !this.launcher.isPreparing();
	}

	private void notifyService(Instant now) {
		this.service.observe(now,
				new ServiceNotifications.State(this.pool.slots().size(),
						(int) this.pool.slots().stream().filter(Slot::isOnline).count(), this.pool.hasBeenAllReady(),
						this.operations.isReloadRunning(), this.stopping));
	}

	/** Stop every worker, as SIGTERM does. */
	void terminate() {
		post(this::stopAll);
	}

	private void stopAll() {
		if (this.stopping) {
			return;
		}
		this.stopping = true;
		Instant now = this.clock.instant();
		logger.info("Stopping " + this.pool.processes().filter(WorkerProcess::isAlive).count() + " worker(s)");
		this.pool.processes().toList().forEach((process) -> this.starts.stop(process, now));
		this.pool.slots().forEach(Slot::stopped);
	}

	/** Any other exit of the JVM: no worker may outlive the supervisor. */
	void stopFromShutdownHook() {
		terminate();
		try {
			if (!this.finished.await(this.settings.shutdownTimeout().plusSeconds(5).toMillis(),
					TimeUnit.MILLISECONDS)) {
				this.pool.live().forEach(WorkerJvm::kill);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** An operation the supervisor asks of itself: one not accepted is logged. */
	void submitLogged(OperationRequest request, String source) {
		OperationOutcome outcome = submit(request, source, this.clock.instant());
		if (!(outcome instanceof OperationOutcome.Accepted)) {
			logger.warn("No " + request.operation().pathName() + " " + source + ": " + outcome);
		}
	}

	OperationOutcome submit(OperationRequest request, String source, Instant now) {
		return this.operations.submit(request, this.pool, this.stopping, source, now);
	}

	/** The cluster cannot go on: it stops and exits with 1, the report, if any, last. */
	void giveUp(@Nullable String report) {
		this.startFailure = report;
		this.exitCode = 1;
		stopAll();
	}

	boolean isStopping() {
		return this.stopping;
	}

	ClusterStatus status(boolean usage, Instant now) {
		return this.pool.status(resources().portSharing(), resources().port(), resources().servers(),
				this.operations.report(), usage, now);
	}

	ClusterSockets resources() {
		return Objects.requireNonNull(this.resources, "resources not open");
	}

	/** How long the loop may wait for an event: until the earliest step's deadline. */
	Duration untilNextDeadline() {
		Instant now = this.clock.instant();
		Instant next = LoopStep.earliest(this.steps.stream()
			.filter((step) -> step.isTaken(this.stopping))
			.map((step) -> step.deadline().apply(now)));
		if (next == null) {
			return MAX_IDLE_WAIT;
		}
		Duration wait = Duration.between(now, next);
		return wait.isNegative() ? Duration.ZERO : (wait.compareTo(MAX_IDLE_WAIT) > 0) ? MAX_IDLE_WAIT : wait;
	}

}
