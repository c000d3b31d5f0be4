package dev.clusterboot.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.clusterboot.channel.ChannelClient;
import dev.clusterboot.channel.ChannelMessage;

/**
 * A worker's link to its supervisor, created before the application context so that the
 * supervisor's death is noticed even while the app starts.
 *
 * <p>It reports readiness, and maps the supervisor's {@code shutdown} onto Spring's own graceful
 * lifecycle: {@link SpringApplication#exit} closes the context (readiness REFUSING_TRAFFIC, the
 * listening sockets closed first by {@link ListenersClosingFirst}, the graceful web server
 * shutdown finishing in-flight requests, {@code SmartLifecycle.stop}, {@code @PreDestroy}), and
 * the JVM exits with Spring's exit code, 0 unless an {@code ExitCodeGenerator} says otherwise.
 */
public final class WorkerAgent implements java.io.Closeable {

	private static final Log logger = LogFactory.getLog(WorkerAgent.class);

	private final WorkerEnvironment environment;

	private final Duration shutdownTimeout;

	private final AtomicBoolean online = new AtomicBoolean();

	private final AtomicBoolean shuttingDown = new AtomicBoolean();

	private final Map<String, CompletableFuture<ChannelMessage>> pending = new ConcurrentHashMap<>();

	private final Map<String, Function<String, Map<String, Object>>> handlers = new ConcurrentHashMap<>();

	private volatile Consumer<ChannelMessage> appMessages = (message) -> {
	};

	/**
	 * Runs what the supervisor asks of this worker, off the channel thread: a slow answer must
	 * not hold up the channel (a shutdown, say). Two threads: one stuck answer leaves one free.
	 */
	private final ExecutorService answering = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "cluster-worker-answers");
		thread.setDaemon(true);
		return thread;
	});

	private volatile ChannelClient client;

	private volatile ConfigurableApplicationContext context;

	private WorkerAgent(WorkerEnvironment environment, Duration shutdownTimeout) {
		this.environment = environment;
		this.shutdownTimeout = shutdownTimeout;
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
		agent.client = ChannelClient.connect(environment.channel(), environment.secret(), environment.instance(),
				agent::onMessage, agent::onSupervisorLost);
		ignoreInterrupt();
		return agent;
	}

	/** This worker's index. */
	public int instance() {
		return this.environment.instance();
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
	 * @param port the port the worker serves on
	 * @param managementPort the port of its management server, or {@code null} when it has none
	 */
	public void reportOnline(int port, Integer managementPort) {
		if (this.online.compareAndSet(false, true)) {
			try {
				this.client.send(ChannelMessage.online(ProcessHandle.current().pid(), port, managementPort));
			}
			catch (IOException ex) {
				logger.warn("Could not report readiness to the supervisor: " + ex.getMessage());
			}
		}
	}

	/**
	 * Tell the supervisor why this worker's start-up failed, so that a cluster whose every worker
	 * fails can stop with the app's own explanation. A later call replaces an earlier one.
	 * @param explanation a FailureAnalyzer's description and action, or the root cause
	 */
	public void reportStartFailure(String explanation) {
		try {
			this.client.send(ChannelMessage.failed(explanation));
		}
		catch (IOException ex) {
			logger.debug("Could not report the start-up failure to the supervisor: " + ex.getMessage());
		}
	}

	/**
	 * Ask the supervisor for an operation on the cluster, for this worker's Actuator endpoint.
	 * @param operation {@code status}, {@code reload}, {@code restart} or {@code scale}
	 * @param argument the operation's argument, or {@code null}
	 * @param instance the worker index the operation targets, or {@code null} for all
	 * @return the supervisor's response, a {@link ChannelMessage.Type#RESPONSE}
	 */
	public CompletableFuture<ChannelMessage> request(String operation, String argument, Integer instance) {
		String id = UUID.randomUUID().toString();
		CompletableFuture<ChannelMessage> response = new CompletableFuture<>();
		this.pending.put(id, response);
		response.whenComplete((message, failure) -> this.pending.remove(id));
		try {
			this.client.send(ChannelMessage.request(id, operation, argument, instance));
		}
		catch (IOException ex) {
			response.completeExceptionally(ex);
		}
		return response;
	}

	/**
	 * Answer one kind of request from the supervisor, such as its share of a cluster-wide scrape.
	 * @param operation the request's operation
	 * @param handler turns the request's argument into the response body
	 */
	public void answer(String operation, Function<String, Map<String, Object>> handler) {
		this.handlers.put(operation, handler);
	}

	/**
	 * Send one of the app's messages to the supervisor, which delivers it.
	 * @param message a {@link ChannelMessage.Type#MESSAGE}
	 * @throws IOException when the supervisor cannot be reached
	 */
	public void sendAppMessage(ChannelMessage message) throws IOException {
		this.client.send(message);
	}

	/**
	 * Receive the app's messages that the supervisor delivers to this worker.
	 * @param receiver called on the channel thread: it must hand over, never block
	 */
	public void onAppMessage(Consumer<ChannelMessage> receiver) {
		this.appMessages = receiver;
	}

	private void onMessage(ChannelMessage message) {
		if (message.type() == ChannelMessage.Type.SHUTDOWN) {
			shutdown("the supervisor asked");
		}
		else if (message.type() == ChannelMessage.Type.MESSAGE) {
			this.appMessages.accept(message);
		}
		else if (message.type() == ChannelMessage.Type.REQUEST && message.id() != null) {
			this.answering.execute(() -> answerRequest(message));
		}
		else if (message.type() == ChannelMessage.Type.RESPONSE && message.id() != null) {
			CompletableFuture<ChannelMessage> response = this.pending.get(message.id());
			if (response != null) {
				response.complete(message);
			}
		}
		else {
			logger.warn("Ignored an unexpected " + message.type() + " message from the supervisor");
		}
	}

	private void answerRequest(ChannelMessage request) {
		Function<String, Map<String, Object>> handler = this.handlers.get(String.valueOf(request.operation()));
		ChannelMessage response;
		if (handler == null) {
			response = ChannelMessage.response(request.id(), 404,
					Map.of("message", "Worker " + instance() + " does not answer '" + request.operation() + "'"));
		}
		else {
			try {
				response = ChannelMessage.response(request.id(), 200, handler.apply(request.argument()));
			}
			catch (RuntimeException ex) {
				response = ChannelMessage.response(request.id(), 500, Map.of("message", String.valueOf(ex)));
			}
		}
		try {
			this.client.send(response);
		}
		catch (IOException ex) {
			logger.debug("Could not answer the supervisor's " + request.operation() + ": " + ex.getMessage());
		}
	}

	private void onSupervisorLost() {
		shutdown("the supervisor is gone");
	}

	private void shutdown(String reason) {
		if (!this.shuttingDown.compareAndSet(false, true)) {
			return;
		}
		logger.info("Worker " + instance() + " shutting down gracefully: " + reason);
		startWatchdog();
		// Not on the channel thread: closing the context must not wait on the thread that closes.
		Thread shutdown = new Thread(this::closeAndExit, "cluster-worker-shutdown");
		shutdown.setDaemon(false);
		shutdown.start();
	}

	private void closeAndExit() {
		ConfigurableApplicationContext context = this.context;
		// SpringApplication.exit closes the context: see ListenersClosingFirst for the first step.
		int code = (context != null) ? SpringApplication.exit(context) : 0;
		this.client.close();
		System.exit(code);
	}

	/** Halt if a graceful shutdown hangs, so that no worker outlives its supervisor for long. */
	private void startWatchdog() {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(this.shutdownTimeout.toMillis());
				logger.error("Graceful shutdown took longer than cluster.shutdown-timeout: halting");
				Runtime.getRuntime().halt(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "cluster-worker-shutdown-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	/**
	 * Detach from the supervisor without shutting down, for an embedding that ends the worker
	 * itself.
	 */
	@Override
	public void close() {
		this.client.close();
	}

	/**
	 * A terminal's Ctrl-C reaches the whole process group; the supervisor, not each worker on its
	 * own, decides how workers stop.
	 */
	private static void ignoreInterrupt() {
		try {
			sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
		}
		catch (Throwable ex) {
			logger.debug("Could not ignore SIGINT: " + ex);
		}
	}

}
