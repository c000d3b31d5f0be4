package dev.clusterboot.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.clusterboot.ClusterProperties;
import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.channel.ChannelServer;
import dev.clusterboot.portsharing.ManagementPort;
import dev.clusterboot.portsharing.PortSharing;
import dev.clusterboot.portsharing.SharedPort;
import dev.clusterboot.worker.WorkerEnvironment;

/**
 * The supervisor: starts N worker JVMs of the same app, restarts those that die, carries out
 * reloads, restarts and scaling asked through any worker's Actuator endpoint, and stops every
 * worker gracefully on SIGTERM or SIGINT.
 *
 * <p>Modelled on gunicorn's arbiter: every outside event (a worker's exit, a channel message, a
 * signal) is queued, and one loop thread handles them in order, then checks the deadlines
 * (late starts, slow stops, due restarts). All worker state is owned by that thread.
 */
public final class Supervisor {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private static final Duration MAX_IDLE_WAIT = Duration.ofMillis(500);

	private final ClusterProperties properties;

	private final int instances;

	private final PortSharing.Choice portSharing;

	/** Whether the app serves HTTP; an app without a web server clusters without a port. */
	private final boolean web;

	private final String host;

	private final int requestedPort;

	private final ManagementPort management;

	private final JavaCommand command;

	private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();

	/** The slots, by index: the JVM serving each. */
	private final List<Worker> workers = new ArrayList<>();

	/** New JVMs starting to take over a slot (a reload). */
	private final List<Worker> replacements = new ArrayList<>();

	/** JVMs draining after they were replaced or scaled away. */
	private final List<Worker> retiring = new ArrayList<>();

	private final ClusterControl control = new Control();

	private final CountDownLatch finished = new CountDownLatch(1);

	private final SupervisorMeters meters = new SupervisorMeters(SupervisorMeters.newRegistry(), () -> this.workers,
			this::jvms);

	private ChannelServer channel;

	private SharedPort sharedPort;

	/** Relays {@code management.server.port} to the workers' own management servers, if set. */
	private SharedPort managementRelay;

	/** Cluster-wide scrapes waiting for workers' answers. */
	private final List<ClusterScrape> scrapes = new ArrayList<>();

	/** The operation running, or the last one. */
	private ClusterOperation operation;

	private boolean stopping;

	private boolean announcedOnline;

	/** Whether any worker has been ready yet: until then a failed start counts against start-attempts. */
	private boolean everReady;

	/** Why the cluster gave up starting, told after it has stopped; {@code null} otherwise. */
	private String startFailure;

	/** {@code cluster.max-memory-restart}, when set. */
	private final MemoryLimit memoryLimit;

	private int exitCode;

	/**
	 * Create a supervisor.
	 * @param properties the cluster's configuration
	 * @param instances the resolved number of workers
	 * @param portSharing the resolved port-sharing mechanism
	 * @param web whether the app serves HTTP; without a web server there is no port to share
	 * @param host {@code server.address}, or {@code null}
	 * @param port {@code server.port}
	 * @param management {@code management.server.port}, or {@code null} when Actuator shares the
	 * app's port
	 * @param command how to start a worker
	 */
	public Supervisor(ClusterProperties properties, int instances, PortSharing.Choice portSharing, boolean web,
			String host, int port, ManagementPort management, JavaCommand command) {
		this.properties = properties;
		this.instances = instances;
		this.portSharing = portSharing;
		this.web = web;
		this.host = host;
		this.requestedPort = port;
		this.management = management;
		this.command = command;
		this.memoryLimit = (properties.getMaxMemoryRestart() != null) ? new MemoryLimit(
				properties.getMaxMemoryRestart(), properties.getMemoryCheckInterval(), Worker::residentMemory) : null;
	}

	/**
	 * Run the cluster until it is told to stop, or until every worker has errored.
	 * @return the exit code for the supervisor's JVM: 0 after a requested stop, 1 when every
	 * worker was given up
	 * @throws IOException when the channel or the port cannot be opened
	 */
	public int run() throws IOException {
		// Room for the app's messages, plus the supervisor's own few.
		int outbox = this.properties.getMessaging().getQueueCapacity() + 16;
		this.channel = ChannelServer.open(new ChannelEvents(), outbox);
		try {
			if (this.web) {
				this.sharedPort = SharedPort.open(this.portSharing.mechanism(), this.host, this.requestedPort,
						this.channel.socketPath().getParent(), this.channel.secret());
				logger.info("Starting a cluster of " + this.instances + " worker(s) on port " + this.sharedPort.port()
						+ ", port sharing " + this.portSharing.mechanism().propertyValue() + ": "
						+ this.portSharing.reason());
			}
			else {
				logger.info("Starting a cluster of " + this.instances + " worker(s) without a port: the app has no "
						+ "web server");
			}
			if (this.management != null) {
				this.managementRelay = this.management.openRelay();
				logger.info("Actuator's management port " + this.managementRelay.port()
						+ " is relayed to the management server of each ready worker");
			}
			if (this.properties.getMaxMemoryRestart() != null && !Files.isReadable(Path.of("/proc/self/status"))) {
				logger.warn("cluster.max-memory-restart is ignored: worker memory is read from /proc, which this "
						+ "system does not have");
			}
			SignalHandling.onTerminate(() -> post(this::stopAll));
			SignalHandling.onReload(() -> post(this::reloadOnSignal));
			Runtime.getRuntime().addShutdownHook(new Thread(this::stopFromShutdownHook, "cluster-shutdown-hook"));
			for (int id = 0; id < this.instances; id++) {
				this.control.addWorker();
			}
			loop();
			logger.info("Cluster stopped");
			if (this.startFailure != null) {
				// Last, where a person looking at a failed start reads first.
				logger.error(this.startFailure);
			}
			return this.exitCode;
		}
		finally {
			jvms().filter(Worker::isAlive).forEach((worker) -> worker.process.destroyForcibly());
			if (this.sharedPort != null) {
				this.sharedPort.close();
			}
			if (this.managementRelay != null) {
				this.managementRelay.close();
			}
			this.channel.close();
			this.finished.countDown();
		}
	}

	private void loop() {
		while (!(this.stopping && jvms().noneMatch(Worker::isAlive))) {
			Runnable event;
			try {
				event = this.events.poll(untilNextDeadline().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				stopAll();
				continue;
			}
			if (event != null) {
				event.run();
			}
			Instant now = Instant.now();
			checkDeadlines(now);
			checkMemory(now);
		}
	}

	private void post(Runnable event) {
		this.events.add(event);
	}

	/** Every worker JVM the supervisor knows: serving, replacing, draining. */
	private Stream<Worker> jvms() {
		return Stream.of(this.workers, this.replacements, this.retiring).flatMap(List::stream);
	}

	// ---- starting

	private void spawn(Worker worker) {
		WorkerEnvironment contract = new WorkerEnvironment(worker.id, this.channel.socketPath(), this.channel.secret(),
				this.portSharing.mechanism(), (this.sharedPort != null) ? this.sharedPort.workerPort() : 0,
				this.managementRelay != null);
		ProcessBuilder builder = new ProcessBuilder(this.command.asList());
		contract.writeTo(builder.environment());
		worker.startedAt = Instant.now();
		worker.readyAt = null;
		worker.connection = null;
		worker.version = this.command.appVersion();
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			logger.error("Cannot start worker " + worker.id + " with " + this.command + ": " + ex.getMessage());
			worker.process = null;
			if (this.replacements.remove(worker)) {
				this.meters.failedStart(worker);
				this.operation.replacementFailed(worker, "could not be started (" + ex.getMessage() + ")");
			}
			else {
				onUnexpectedExit(worker, Instant.now(), -1);
			}
			return;
		}
		closeQuietly(process);
		worker.process = process;
		worker.state = WorkerState.STARTING;
		worker.deadline = worker.startedAt.plus(this.properties.getListenTimeout());
		String prefix = this.properties.getLogPrefix().replace("{id}", Integer.toString(worker.id));
		WorkerOutput.relay(process.getInputStream(), System.out, prefix, "cluster-worker-" + worker.id + "-out");
		WorkerOutput.relay(process.getErrorStream(), System.err, prefix, "cluster-worker-" + worker.id + "-err");
		process.onExit().thenAccept((exited) -> post(() -> onExit(worker, exited)));
		logger.info("Started " + worker.describe());
	}

	/** A worker reads end-of-file on its standard input: the supervisor's terminal is not its own. */
	private static void closeQuietly(Process process) {
		try {
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// Nothing to release.
		}
	}

	private void onConnected(ChannelServer.Connection connection) {
		Worker worker = workerFor(connection);
		if (worker == null) {
			logger.warn("Rejected a channel connection claiming worker " + connection.instance() + ", pid "
					+ connection.pid() + ": no such running worker");
			connection.close();
			return;
		}
		worker.connection = connection;
		if (worker.state == WorkerState.STOPPING) {
			// Asked to stop before it could hear it: tell it now.
			connection.send(ChannelMessage.shutdown());
		}
	}

	private void onOnline(ChannelServer.Connection connection, ChannelMessage message) {
		Worker worker = workerFor(connection);
		if (worker == null || worker.state != WorkerState.STARTING) {
			return;
		}
		worker.state = WorkerState.ONLINE;
		worker.readyAt = Instant.now();
		worker.startFailure = null;
		if (!this.everReady) {
			this.everReady = true;
			reviveGivenUpStarts();
		}
		worker.port = (message.port() != null) ? message.port() : 0;
		worker.managementPort = message.managementPort();
		logger.info(worker.describe() + " is ready after "
				+ Duration.between(worker.startedAt, worker.readyAt).toMillis() + " ms");
		if (this.replacements.remove(worker)) {
			promote(worker);
			return;
		}
		route(worker);
		if (this.operation != null) {
			this.operation.workerReady(worker);
		}
		if (!this.announcedOnline && this.workers.stream().allMatch((w) -> w.state == WorkerState.ONLINE)) {
			this.announcedOnline = true;
			logger.info("All " + this.workers.size() + " workers are ready"
					+ ((this.sharedPort != null) ? " on port " + this.sharedPort.port() : ""));
		}
	}

	/** A ready replacement takes over its slot; only then does the old JVM drain. */
	private void promote(Worker fresh) {
		Worker old = this.workers.get(fresh.id);
		old.handOverHistoryTo(fresh);
		this.workers.set(fresh.id, fresh);
		route(fresh);
		this.operation.replacementReady(old, fresh);
		retire(old);
	}

	/** New connections may reach this ready worker, where the supervisor routes them. */
	private void route(Worker worker) {
		if (this.sharedPort != null) {
			this.sharedPort.workerReady(worker.pid(), worker.port);
		}
		if (this.managementRelay != null && worker.managementPort != null) {
			this.managementRelay.workerReady(worker.pid(), worker.managementPort);
		}
	}

	/** No new connection may reach this JVM: it drains, or it is gone. */
	private void stopRouting(long pid) {
		if (this.sharedPort != null) {
			this.sharedPort.workerLeaving(pid);
		}
		if (this.managementRelay != null) {
			this.managementRelay.workerLeaving(pid);
		}
	}

	/** The worker whose current JVM opened this connection, or {@code null} for a stale one. */
	private Worker workerFor(ChannelServer.Connection connection) {
		return jvms().filter((w) -> w.id == connection.instance() && w.isAlive() && w.pid() == connection.pid())
			.findFirst()
			.orElse(null);
	}

	// ---- stopping

	private void stopAll() {
		if (this.stopping) {
			return;
		}
		this.stopping = true;
		logger.info("Stopping " + jvms().filter(Worker::isAlive).count() + " worker(s)");
		jvms().forEach((worker) -> {
			if (worker.isAlive() && worker.state != WorkerState.STOPPING) {
				stopGracefully(worker);
			}
			else if (!worker.isAlive() && worker.state == WorkerState.WAITING_RESTART) {
				worker.state = WorkerState.STOPPED;
			}
		});
	}

	/**
	 * Take the worker out of the rotation, then ask it to shut down through the channel, or with
	 * SIGTERM when it has not connected yet. It is killed if it outlives the shutdown timeout.
	 */
	private void stopGracefully(Worker worker) {
		stopRouting(worker.pid());
		worker.state = WorkerState.STOPPING;
		worker.deadline = Instant.now().plus(this.properties.getShutdownTimeout());
		if (worker.connection == null || !worker.connection.send(ChannelMessage.shutdown())) {
			worker.process.destroy();
		}
	}

	/** Drain a JVM that no longer serves its slot; it is forgotten once it has exited. */
	private void retire(Worker worker) {
		this.retiring.add(worker);
		if (worker.isAlive()) {
			stopGracefully(worker);
		}
		else {
			onRetired(worker);
		}
	}

	private void onRetired(Worker worker) {
		this.retiring.remove(worker);
		worker.state = WorkerState.STOPPED;
		if (this.operation != null) {
			this.operation.retired(worker);
		}
	}

	private void stopFromShutdownHook() {
		// Reached when the JVM exits for another reason than TERM or INT (those are handled
		// above), or when the loop is already done: make sure no worker outlives us.
		post(this::stopAll);
		try {
			if (!this.finished.await(this.properties.getShutdownTimeout().plusSeconds(5).toMillis(),
					TimeUnit.MILLISECONDS)) {
				jvms().filter(Worker::isAlive).forEach((w) -> w.process.destroyForcibly());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---- exits and restarts

	private void onExit(Worker worker, Process exited) {
		if (worker.process != exited) {
			return;
		}
		stopRouting(exited.pid());
		if (worker.connection != null) {
			worker.connection.close();
			worker.connection = null;
		}
		int code = exited.exitValue();
		if (this.retiring.contains(worker)) {
			logger.info(worker.describe() + " drained and stopped with exit code " + code);
			onRetired(worker);
			return;
		}
		if (this.replacements.remove(worker)) {
			worker.state = WorkerState.STOPPED;
			String reason = "exited with code " + code + " before it was ready";
			this.meters.failedStart(worker);
			logger.error(worker.describe() + ", a replacement, " + reason + "; the worker it was to replace keeps serving");
			if (this.operation != null) {
				this.operation.replacementFailed(worker, reason);
			}
			return;
		}
		if (worker.state == WorkerState.STOPPING && worker.restartRequested && !this.stopping) {
			worker.restartRequested = false;
			worker.restarts++;
			this.meters.restarted(worker);
			logger.info(worker.describe() + " stopped with exit code " + code + " for a restart");
			spawn(worker);
			return;
		}
		if (worker.state == WorkerState.STOPPING || this.stopping) {
			worker.state = WorkerState.STOPPED;
			logger.info(worker.describe() + " stopped with exit code " + code);
			return;
		}
		onUnexpectedExit(worker, Instant.now(), code);
	}

	/**
	 * A worker died on its own. One that had been ready for at least {@code min-uptime} is
	 * restarted at once; any other exit is unstable, restarted after a growing delay, and given
	 * up after {@code max-restarts} in a row.
	 */
	private void onUnexpectedExit(Worker worker, Instant now, int code) {
		Duration uptime = (worker.startedAt != null) ? Duration.between(worker.startedAt, now) : Duration.ZERO;
		if (worker.readyAt == null) {
			this.meters.failedStart(worker);
		}
		if (!this.everReady && worker.readyAt == null && ++worker.failedFirstStarts >= this.properties.getStartAttempts()) {
			giveUpStarting(worker, code);
			return;
		}
		boolean stable = worker.readyAt != null && uptime.compareTo(this.properties.getMinUptime()) >= 0;
		ClusterProperties.RestartBackoff backoff = this.properties.getRestartBackoff();
		Duration delay;
		if (stable) {
			worker.unstableRestarts = 0;
			worker.backoff = backoff.getInitialDelay();
			delay = Duration.ZERO;
		}
		else {
			worker.unstableRestarts++;
			if (worker.unstableRestarts > this.properties.getMaxRestarts()) {
				worker.state = WorkerState.ERRORED;
				logger.error(worker.describe() + " exited with code " + code + "; it is errored after "
						+ this.properties.getMaxRestarts() + " unstable restarts (cluster.max-restarts) and will not "
						+ "be restarted");
				if (this.operation != null) {
					this.operation.workerErrored(worker);
				}
				if (this.workers.stream().allMatch((w) -> w.state == WorkerState.ERRORED)) {
					logger.error("Every worker is errored: stopping the cluster");
					this.exitCode = 1;
					stopAll();
				}
				return;
			}
			delay = worker.backoff;
			long next = (long) (worker.backoff.toMillis() * backoff.getMultiplier());
			worker.backoff = Duration.ofMillis(Math.min(next, backoff.getMaxDelay().toMillis()));
		}
		worker.restarts++;
		this.meters.restarted(worker);
		worker.state = WorkerState.WAITING_RESTART;
		worker.restartAt = now.plus(delay);
		logger.warn(worker.describe() + " exited unexpectedly with code " + code + " after " + uptime.toMillis()
				+ " ms; restarting it in " + delay.toMillis() + " ms (restart " + worker.restarts + ")");
	}

	/**
	 * No worker of the cluster has been ready yet, and this one used its last start attempt: it is
	 * errored. Once every worker is, the app cannot start here, and the supervisor stops in seconds
	 * with the app's own explanation, as the app alone would have, rather than retry for minutes.
	 */
	private void giveUpStarting(Worker worker, int code) {
		worker.state = WorkerState.ERRORED;
		logger.error(worker.describe() + " exited with code " + code + " before it was ready, in each of its "
				+ worker.failedFirstStarts + " start attempts (cluster.start-attempts)");
		if (this.workers.stream().allMatch((w) -> w.state == WorkerState.ERRORED)) {
			this.startFailure = StartFailure.report(this.workers, this.properties.getStartAttempts());
			this.exitCode = 1;
			stopAll();
		}
	}

	/**
	 * The app can start after all: a worker given up under start-attempts while none was ready
	 * gets the usual restart policy from now on.
	 */
	private void reviveGivenUpStarts() {
		for (Worker worker : this.workers) {
			if (worker.state == WorkerState.ERRORED && worker.failedFirstStarts > 0 && !this.stopping) {
				logger.info(worker.describe() + " is restarted: another worker is ready, so the app can start");
				worker.state = WorkerState.WAITING_RESTART;
				worker.restartAt = Instant.now();
			}
		}
	}

	private void onStartFailure(ChannelServer.Connection connection, ChannelMessage message) {
		Worker worker = workerFor(connection);
		if (worker != null && message.argument() != null) {
			worker.startFailure = message.argument();
		}
	}

	private void reloadOnSignal() {
		Response response = answer(ChannelMessage.request(null, "reload", null, null));
		if (response.status() != 202) {
			logger.warn("SIGHUP: no reload: " + response.body().get("message"));
		}
	}

	private void checkDeadlines(Instant now) {
		jvms().toList().forEach((worker) -> checkDeadline(worker, now));
		finishScrapes(now);
	}

	private void checkDeadline(Worker worker, Instant now) {
		switch (worker.state) {
			case STARTING -> {
				if (now.isAfter(worker.deadline)) {
					worker.failedStarts++;
					logger.warn(worker.describe() + " was not ready within cluster.listen-timeout ("
							+ this.properties.getListenTimeout().toMillis() + " ms): killing it as failed start "
							+ worker.failedStarts);
					worker.deadline = Instant.MAX;
					worker.process.destroyForcibly();
				}
			}
			case STOPPING -> {
				if (now.isAfter(worker.deadline)) {
					logger.warn(worker.describe() + " did not stop within cluster.shutdown-timeout ("
							+ this.properties.getShutdownTimeout().toMillis() + " ms): killing it");
					worker.deadline = Instant.MAX;
					worker.process.destroyForcibly();
				}
			}
			case WAITING_RESTART -> {
				if (!this.stopping && !now.isBefore(worker.restartAt)) {
					spawn(worker);
				}
			}
			default -> {
			}
		}
	}

	private Duration untilNextDeadline() {
		Instant now = Instant.now();
		Duration wait = MAX_IDLE_WAIT;
		for (ClusterScrape scrape : this.scrapes) {
			Duration left = Duration.between(now, scrape.deadline());
			if (left.compareTo(wait) < 0) {
				wait = left.isNegative() ? Duration.ZERO : left;
			}
		}
		for (Worker worker : jvms().toList()) {
			Instant due = switch (worker.state) {
				case STARTING, STOPPING -> worker.deadline;
				case WAITING_RESTART -> worker.restartAt;
				default -> null;
			};
			if (due != null && !due.equals(Instant.MAX)) {
				Duration left = Duration.between(now, due);
				if (left.compareTo(wait) < 0) {
					wait = left.isNegative() ? Duration.ZERO : left;
				}
			}
		}
		return wait;
	}

	// ---- memory

	/**
	 * A worker that stayed above {@code cluster.max-memory-restart} is replaced the way a reload
	 * replaces it, as soon as no other operation runs.
	 */
	private void checkMemory(Instant now) {
		if (this.memoryLimit == null || this.stopping) {
			return;
		}
		Map<Worker, Long> over = this.memoryLimit.check(now, this.workers);
		if (over.isEmpty() || (this.operation != null && this.operation.isRunning())) {
			return;
		}
		List<Integer> ids = over.keySet().stream().map((worker) -> worker.id).toList();
		String reason = "resident memory above " + this.memoryLimit + " at two checks in a row";
		this.operation = new RollingReload("memory-restart", this.control, ids,
				this.properties.getReload().getParallelism(), "replacing worker(s) " + ids + ": " + reason);
		List<String> usage = over.entrySet()
			.stream()
			.map((entry) -> entry.getKey().describe() + " uses " + entry.getValue() / (1024 * 1024) + " MB")
			.toList();
		logger.warn("Operation " + this.operation.id() + ": memory-restart, " + String.join(", ", usage) + ", "
				+ reason + ": replacing, drained like a reload");
		this.operation.start();
	}

	// ---- requests from the workers' Actuator endpoints

	private void onRequest(ChannelServer.Connection connection, ChannelMessage request) {
		if (ClusterScrape.OPERATION.equals(request.operation())) {
			this.scrapes.add(ClusterScrape.start(connection, request, this.workers,
					this.properties.getScrapeTimeout()));
			finishScrapes(Instant.now());
			return;
		}
		Response response = answer(request);
		connection.send(ChannelMessage.response(request.id(), response.status(), response.body()));
	}

	// ---- the app's messages between workers

	/**
	 * Deliver a worker's message to every ready worker (itself included), or to the one it names.
	 * At most once: a worker whose outbox is full misses it, and the drop is counted.
	 */
	private void onAppMessage(ChannelServer.Connection from, ChannelMessage message) {
		long size = (message.payload() != null) ? message.payload().length() : 0;
		long maxSize = this.properties.getMessaging().getMaxSize().toBytes();
		if (size > maxSize) {
			// The sender refuses these itself; this one came from elsewhere.
			logger.warn("Dropped a message on topic '" + message.topic() + "' from worker " + from.instance() + ": "
					+ size + " bytes, above cluster.messaging.max-size (" + maxSize + " bytes)");
			return;
		}
		ChannelMessage delivery = message.delivered();
		for (Worker worker : this.workers) {
			boolean addressed = message.instance() == null || message.instance() == worker.id;
			if (!addressed || worker.state != WorkerState.ONLINE || worker.connection == null) {
				continue;
			}
			if (worker.connection.send(delivery)) {
				worker.messagesDroppedInARow = 0;
				continue;
			}
			this.meters.messageDropped(worker.id);
			if (worker.messagesDroppedInARow++ == 0) {
				// Once per run of drops: a hung worker would otherwise flood the log.
				logger.warn(worker.describe() + " misses messages, from one on topic '" + message.topic()
						+ "' on: it has not read the previous " + this.properties.getMessaging().getQueueCapacity()
						+ " (cluster.messaging.queue-capacity); see cluster.messages.dropped");
			}
		}
	}

	private void onResponse(ChannelMessage response) {
		for (ClusterScrape scrape : this.scrapes) {
			if (scrape.accept(response)) {
				break;
			}
		}
		finishScrapes(Instant.now());
	}

	private void finishScrapes(Instant now) {
		this.scrapes.removeIf((scrape) -> {
			if (scrape.isDone(now)) {
				scrape.finish(this.meters);
				return true;
			}
			return false;
		});
	}

	private Response answer(ChannelMessage request) {
		String operation = String.valueOf(request.operation());
		if (operation.equals("status")) {
			// The argument says how much: "summary" (health, info), the full status, or "table".
			String detail = String.valueOf(request.argument());
			Map<String, Object> status = status(!detail.equals("summary"));
			if (detail.equals("table")) {
				status.put("table", ClusterStatus.table(status));
			}
			return new Response(200, status);
		}
		if (!List.of("reload", "restart", "scale").contains(operation)) {
			return Response.badRequest("Unknown operation '" + operation + "': use reload, restart or scale");
		}
		if (this.stopping) {
			return new Response(503, Map.of("message", "The cluster is stopping"));
		}
		if (this.operation != null && this.operation.isRunning()) {
			return new Response(409, Map.of("message", "A " + this.operation.kind() + " is running (operation "
					+ this.operation.id() + "): wait until it finishes", "operation", this.operation.describe()));
		}
		ClusterOperation started;
		try {
			started = newOperation(operation, request);
		}
		catch (IllegalArgumentException ex) {
			return Response.badRequest(ex.getMessage());
		}
		this.operation = started;
		logger.info("Operation " + started.id() + ": " + operation + " asked "
				+ ((request.id() != null) ? "through the Actuator endpoint" : "by SIGHUP"));
		started.start();
		return new Response(202, started.describe());
	}

	private ClusterOperation newOperation(String operation, ChannelMessage request) {
		Integer instance = request.instance();
		if (instance != null && (instance < 0 || instance >= this.workers.size())) {
			throw new IllegalArgumentException("No worker with index " + instance + ": the indexes are 0 to "
					+ (this.workers.size() - 1));
		}
		List<Worker> targets = (instance != null) ? List.of(this.workers.get(instance)) : List.copyOf(this.workers);
		return switch (operation) {
			case "reload" -> new RollingReload(this.control, targets.stream().map((w) -> w.id).toList(),
					this.properties.getReload().getParallelism());
			case "restart" -> new Restart(this.control, targets);
			default -> new Scale(this.control, this.workers.size(), ScaleTarget.resolve(request.argument(),
					this.workers.size(), Runtime.getRuntime().availableProcessors()));
		};
	}

	private Map<String, Object> status(boolean usage) {
		return ClusterStatus.of((this.sharedPort != null) ? this.portSharing.mechanism().propertyValue() : "none",
				(this.sharedPort != null) ? this.sharedPort.port() : null, this.workers, this.replacements,
				this.operation, usage);
	}

	private record Response(int status, Map<String, Object> body) {

		static Response badRequest(String message) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("message", message);
			return new Response(400, body);
		}

	}

	/** What operations may do; runs on the loop thread, as the operations' hooks do. */
	private final class Control implements ClusterControl {

		@Override
		public List<Worker> workers() {
			return List.copyOf(Supervisor.this.workers);
		}

		@Override
		public void startReplacement(int id) {
			Worker replacement = new Worker(id, Supervisor.this.properties.getRestartBackoff().getInitialDelay());
			Supervisor.this.replacements.add(replacement);
			spawn(replacement);
		}

		@Override
		public void restart(Worker worker) {
			if (worker.isAlive()) {
				worker.restartRequested = true;
				stopGracefully(worker);
			}
			else {
				worker.unstableRestarts = 0;
				spawn(worker);
			}
		}

		@Override
		public void addWorker() {
			Worker worker = new Worker(Supervisor.this.workers.size(),
					Supervisor.this.properties.getRestartBackoff().getInitialDelay());
			Supervisor.this.workers.add(worker);
			Supervisor.this.meters.slotAdded(worker.id);
			spawn(worker);
		}

		@Override
		public void removeLastWorker() {
			Worker removed = Supervisor.this.workers.remove(Supervisor.this.workers.size() - 1);
			Supervisor.this.meters.slotRemoved(removed.id);
			retire(removed);
		}

		@Override
		public void finished(ClusterOperation operation) {
			Map<String, Object> description = operation.describe();
			String message = "Operation " + operation.id() + " (" + operation.kind() + ") " + description.get("outcome")
					+ " after " + operation.duration().toMillis() + " ms: " + description.get("detail");
			if (operation.outcome() == ClusterOperation.Outcome.FAILED) {
				logger.error(message);
			}
			else {
				logger.info(message);
			}
			Supervisor.this.meters.operationFinished(operation);
		}

	}

	/** Channel threads only queue events; the loop thread handles them. */
	private final class ChannelEvents implements ChannelServer.Listener {

		@Override
		public void connected(ChannelServer.Connection connection) {
			post(() -> onConnected(connection));
		}

		@Override
		public void received(ChannelServer.Connection connection, ChannelMessage message) {
			switch (message.type()) {
				case ONLINE -> post(() -> onOnline(connection, message));
				case FAILED -> post(() -> onStartFailure(connection, message));
				case REQUEST -> post(() -> onRequest(connection, message));
				case RESPONSE -> post(() -> onResponse(message));
				case MESSAGE -> post(() -> onAppMessage(connection, message));
				default -> logger.warn("Ignored an unexpected " + message.type() + " message from worker "
						+ connection.instance());
			}
		}

		@Override
		public void disconnected(ChannelServer.Connection connection) {
			// The worker's exit, noticed through its process, is what counts.
		}

	}

}
