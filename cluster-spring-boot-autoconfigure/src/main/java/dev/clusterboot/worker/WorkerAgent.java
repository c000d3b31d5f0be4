package dev.clusterboot.worker;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.clusterboot.channel.Answer;
import dev.clusterboot.channel.ChannelClient;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.contract.WorkerEnvironment;

/**
 * A worker's link to its supervisor, created before the application context so that the
 * supervisor's death is noticed even while the app starts.
 *
 * <p>
 * It reports readiness, asks the supervisor what the worker's endpoints need (the status,
 * an operation, a cluster-wide scrape) in the contract's types, and maps the supervisor's
 * {@code shutdown} onto Spring's own graceful lifecycle: {@link SpringApplication#exit}
 * closes the context (readiness REFUSING_TRAFFIC, the drain of
 * {@link dev.clusterboot.drain.Drain} first, the graceful web server shutdown finishing
 * in-flight requests, {@code SmartLifecycle.stop}, {@code @PreDestroy}), and the JVM
 * exits with Spring's exit code, 0 unless an {@code ExitCodeGenerator} says otherwise.
 */
public final class WorkerAgent implements Closeable {

	private static final Log logger = LogFactory.getLog(WorkerAgent.class);

	private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

	private final WorkerEnvironment environment;

	private final Duration shutdownTimeout;

	private final AtomicBoolean online = new AtomicBoolean();

	/**
	 * Whether the web server, and the management server, read a PROXY protocol header.
	 */
	private volatile boolean proxyProtocol;

	private volatile boolean managementProxyProtocol;

	private final AtomicBoolean shuttingDown = new AtomicBoolean();

	/** Whether this worker's slot goes away with it, as the supervisor said. */
	private volatile boolean retiring;

	private final List<SharedServer.Listening> servers = new CopyOnWriteArrayList<>();

	/**
	 * When start-up progress was last reported, in nanoseconds: at most one report a
	 * second.
	 */
	private final AtomicLong lastProgressReport = new AtomicLong(System.nanoTime() - PROGRESS_INTERVAL_NANOS);

	private final Map<String, CompletableFuture<Answer>> pending = new ConcurrentHashMap<>();

	volatile ScrapeSource scrapeSource = (format, names) -> null;

	volatile EndpointHandler endpoints = (request) -> EndpointResponse.error(503,
			"Worker " + instance() + " cannot answer Actuator requests yet");

	volatile Consumer<ToWorker.Delivery> deliveries = (delivery) -> {
	};

	/**
	 * Runs what the supervisor asks of this worker, off the channel thread: a slow answer
	 * must not hold up the channel (a shutdown, say). Two threads: one stuck answer
	 * leaves one free.
	 */
	final ExecutorService answering = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "cluster-worker-answers");
		thread.setDaemon(true);
		return thread;
	});

	private volatile @Nullable ChannelClient client;

	private volatile @Nullable ConfigurableApplicationContext context;

	private final SlowStart slowStart;

	private WorkerAgent(WorkerEnvironment environment, Duration shutdownTimeout) {
		this.environment = environment;
		this.shutdownTimeout = shutdownTimeout;
		this.slowStart = SlowStart.of(environment.slowStart());
	}

	/**
	 * Connect to the supervisor.
	 * @param environment what the supervisor passed
	 * @param shutdownTimeout how long a graceful shutdown may take before the JVM halts
	 * @return the connected agent
	 * @throws IOException when the supervisor cannot be reached
	 */
	public static WorkerAgent connect(WorkerEnvironment environment, Duration shutdownTimeout) throws IOException {
		WorkerAgent agent = new WorkerAgent(environment, shutdownTimeout);
		SupervisorMessages handler = new SupervisorMessages(agent);
		agent.client = ChannelClient.connect(environment.channel(), environment.secret(), environment.instance(),
				(message) -> message.accept(handler), agent::onSupervisorLost);
		WorkerSignals.ignoreInterrupt();
		return agent;
	}

	/**
	 * Whether this worker leaves for good, its slot gone (a scale-down), rather than for
	 * a new JVM to take its slot over; known once the supervisor asked it to shut down.
	 */
	public boolean isRetiring() {
		return this.retiring;
	}

	/** This worker's index. */
	public int instance() {
		return this.environment.instance();
	}

	/**
	 * This worker's slow start: the limit its web server enforces on the connections it
	 * holds, none unless the supervisor asked for one.
	 */
	public SlowStart slowStart() {
		return this.slowStart;
	}

	/**
	 * The application context this worker runs, known once it is prepared.
	 * @param context the context
	 */
	public void attach(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Tell the supervisor that this worker is ready for traffic; later calls do nothing.
	 * @param port the port the worker serves on, 0 without a web server
	 * @param managementPort the port of its management server, or {@code null} when it
	 * has none
	 */
	public void reportOnline(int port, @Nullable Integer managementPort) {
		if (this.online.compareAndSet(false, true)) {
			if (port != 0) {
				this.slowStart.begin(instance());
			}
			trySend(new ToSupervisor.Online(ProcessHandle.current().pid(), port, managementPort, this.proxyProtocol,
					this.managementProxyProtocol, List.copyOf(this.servers)), "readiness");
		}
	}

	/**
	 * One of the app's other servers listens: the supervisor shows its port, and, behind
	 * the proxy, relays its public port to it. Told before the worker is ready, as the
	 * servers start with the context.
	 * @param server which server
	 * @param port its public port
	 * @param listenPort the port it listens on: the public port, or behind the proxy a
	 * private loopback one
	 */
	public void listening(SharedServer server, int port, int listenPort) {
		this.servers.add(new SharedServer.Listening(server.label(), port, listenPort));
	}

	/**
	 * A web server of this worker reads the PROXY protocol v2 header that the
	 * supervisor's proxy sends ahead of each connection, with the client's address.
	 * @param management whether it is the management server
	 */
	public void acceptsProxyProtocol(boolean management) {
		if (management) {
			this.managementProxyProtocol = true;
		}
		else {
			this.proxyProtocol = true;
		}
	}

	/**
	 * Tell the supervisor that the start-up goes on, at most once a second, until the
	 * worker is ready.
	 * @param steps the start-up steps taken so far
	 */
	public void reportProgress(long steps) {
		long now = System.nanoTime();
		long last = this.lastProgressReport.get();
		if (!this.online.get() && now - last >= PROGRESS_INTERVAL_NANOS
				&& this.lastProgressReport.compareAndSet(last, now)) {
			trySend(new ToSupervisor.Progress(steps), "start-up progress");
		}
	}

	/**
	 * Tell the supervisor that the app set Spring's liveness to BROKEN: it replaces this
	 * worker.
	 */
	public void reportBroken() {
		trySend(new ToSupervisor.Broken(), "that the app is broken");
	}

	/**
	 * Tell the supervisor why this worker's start-up failed, so that a cluster whose
	 * every worker fails can stop with the app's own explanation. A later call replaces
	 * an earlier one.
	 * @param explanation a FailureAnalyzer's description and action, or the root cause
	 */
	public void reportStartFailure(String explanation) {
		trySend(new ToSupervisor.StartFailed(explanation), "the start-up failure");
	}

	/**
	 * The cluster's status.
	 * @param usage whether to read each worker's CPU and memory, which a probe need not
	 * cost
	 * @return the status, once the supervisor answers
	 */
	public CompletableFuture<ClusterStatus> status(boolean usage) {
		return ask((id) -> new ToSupervisor.StatusQuery(id, usage), ToWorker.StatusAnswer.class)
			.thenApply(ToWorker.StatusAnswer::status);
	}

	/**
	 * Ask the supervisor for an operation on the cluster.
	 * @param request the request
	 * @return the outcome, once the supervisor answers
	 */
	public CompletableFuture<OperationOutcome> operate(OperationRequest request) {
		return ask((id) -> new ToSupervisor.OperationQuery(id, request), ToWorker.OperationAnswer.class)
			.thenApply(ToWorker.OperationAnswer::outcome);
	}

	/**
	 * A Prometheus scrape of the whole cluster: every ready worker's series and the
	 * supervisor's.
	 * @param format the text format
	 * @param names the meters to include, or {@code null} for all
	 * @return the merged exposition, once the supervisor answers
	 */
	public CompletableFuture<String> scrapeCluster(ScrapeFormat format, @Nullable List<String> names) {
		return ask((id) -> new ToSupervisor.ClusterScrapeQuery(id, format, names), ToWorker.ClusterScrapeAnswer.class)
			.thenApply((answer) -> {
				if (answer.text() == null) {
					throw new IllegalStateException(answer.error());
				}
				return answer.text();
			});
	}

	/**
	 * Where this worker's own scrape comes from, its share of a cluster-wide one.
	 * @param source the worker's own meters
	 */
	public void answerScrapes(ScrapeSource source) {
		this.scrapeSource = source;
	}

	/**
	 * Hand an Actuator request to one worker, or to every ready worker, through the
	 * supervisor.
	 * @param instance the worker, {@code null} for every ready worker
	 * @param request the request
	 * @return each worker's answer, once all have answered or the supervisor stopped
	 * waiting
	 */
	public CompletableFuture<ToWorker.EndpointAnswer> endpoint(@Nullable Integer instance, EndpointRequest request) {
		return ask((id) -> new ToSupervisor.EndpointQuery(id, instance, request), ToWorker.EndpointAnswer.class);
	}

	/**
	 * What answers the Actuator requests other workers hand to this one.
	 * @param handler this worker's own endpoints
	 */
	public void answerEndpoints(EndpointHandler handler) {
		this.endpoints = handler;
	}

	/**
	 * Send one of the app's messages to the supervisor, which delivers it.
	 * @param message the message
	 * @throws IOException when the supervisor cannot be reached
	 */
	public void sendAppMessage(ToSupervisor.AppMessage message) throws IOException {
		channel().send(message);
	}

	/**
	 * Receive the app's messages that the supervisor delivers to this worker.
	 * @param receiver called on the channel thread: it must hand over, never block
	 */
	public void onAppMessage(Consumer<ToWorker.Delivery> receiver) {
		this.deliveries = receiver;
	}

	private <A extends Answer> CompletableFuture<A> ask(Function<String, ToSupervisor> query, Class<A> answerType) {
		String id = UUID.randomUUID().toString();
		CompletableFuture<Answer> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		answer.whenComplete((message, failure) -> this.pending.remove(id));
		try {
			channel().send(query.apply(id));
		}
		catch (IOException ex) {
			answer.completeExceptionally(ex);
		}
		return answer.thenApply(answerType::cast);
	}

	void answered(Answer answer) {
		CompletableFuture<Answer> waiting = this.pending.get(answer.id());
		if (waiting != null) {
			waiting.complete(answer);
		}
	}

	void trySend(ToSupervisor message, String what) {
		try {
			channel().send(message);
		}
		catch (IOException ex) {
			logger.warn("Could not report " + what + " to the supervisor: " + ex.getMessage());
		}
	}

	private ChannelClient channel() {
		ChannelClient connected = this.client;
		if (connected == null) {
			throw new IllegalStateException("Not connected to the supervisor");
		}
		return connected;
	}

	private void onSupervisorLost() {
		shutdown("the supervisor is gone");
	}

	void shutdown(String reason) {
		shutdown(reason, false);
	}

	void shutdown(String reason, boolean retiring) {
		if (!this.shuttingDown.compareAndSet(false, true)) {
			return;
		}
		this.retiring = retiring;
		logger.info("Worker " + instance() + " shutting down gracefully: " + reason);
		WorkerSignals.haltAfter(this.shutdownTimeout);
		// Not on the channel thread: closing the context must not wait on the thread that
		// closes.
		Thread shutdown = new Thread(this::closeAndExit, "cluster-worker-shutdown");
		shutdown.setDaemon(false);
		shutdown.start();
	}

	private void closeAndExit() {
		ConfigurableApplicationContext running = this.context;
		// SpringApplication.exit closes the context: see Drain for the first step.
		int code = (running != null) ? SpringApplication.exit(running) : 0;
		channel().close();
		System.exit(code);
	}

	/**
	 * Detach from the supervisor without shutting down, for an embedding that ends the
	 * worker itself.
	 */
	@Override
	public void close() {
		channel().close();
	}

}
