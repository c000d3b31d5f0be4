package dev.clusterboot.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

import dev.clusterboot.autoconfigure.ClusterProperties;
import dev.clusterboot.autoconfigure.ClusterPropertiesValidator;
import dev.clusterboot.autoconfigure.RestartBackoffProperties;
import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.WorkerEnvironment;
import dev.clusterboot.server.SharedListener;
import dev.clusterboot.supervisor.InstanceCount;
import dev.clusterboot.supervisor.ClusterSockets;
import dev.clusterboot.supervisor.RestartPolicy;
import dev.clusterboot.supervisor.Supervisor;
import dev.clusterboot.supervisor.SupervisorSettings;
import dev.clusterboot.supervisor.port.DescriptorPassing;
import dev.clusterboot.supervisor.port.ManagementPort;
import dev.clusterboot.supervisor.process.JavaCommand;
import dev.clusterboot.supervisor.process.JvmLauncher;
import dev.clusterboot.supervisor.process.StartupCache;
import dev.clusterboot.supervisor.process.WorkerJvmOptions;
import dev.clusterboot.supervisor.systemd.ServiceNotifications;
import dev.clusterboot.supervisor.systemd.SocketActivation;
import dev.clusterboot.worker.StartupProgress;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Decides, once the environment is known and before any bean exists, what the launched
 * process is: a worker (the supervisor started it), a supervisor
 * ({@code cluster.instances} is set), or the plain app it always was.
 *
 * <p>
 * A supervisor never creates the application context: it runs the cluster on the main
 * thread and exits the JVM when the cluster stops. Registered in
 * {@code META-INF/spring.factories}, and ordered after {@link LoggingApplicationListener}
 * so that {@code application.yml} is read and logging is set up. It is the supervisor's
 * auto-configuration: it maps {@code cluster.*} onto the supervisor's settings.
 */
public class ClusterLauncher implements SmartApplicationListener {

	/** Right after logging is initialized. */
	public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

	private static final Log logger = LogFactory.getLog(ClusterLauncher.class);

	private static final String STRUCTURED_CONSOLE = "logging.structured.format.console";

	private static final String[] TEST_FRAME_PREFIXES = { "org.junit.", "org.springframework.boot.test." };

	/** One per JVM: a worker keeps one channel, whatever number of contexts it builds. */
	private static volatile @Nullable WorkerAgent workerAgent;

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
				|| ApplicationPreparedEvent.class.isAssignableFrom(eventType)
				|| ApplicationFailedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		WorkerAgent agent = workerAgent;
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			onEnvironmentPrepared(prepared);
		}
		else if (event instanceof ApplicationPreparedEvent prepared && agent != null) {
			ConfigurableApplicationContext context = prepared.getApplicationContext();
			agent.attach(context);
			context.getBeanFactory().registerSingleton("clusterWorkerAgent", agent);
		}
		else if (event instanceof ApplicationFailedEvent failed) {
			// The root cause first; Spring Boot's failure analysis, if any, follows and
			// replaces it.
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(failed.getException());
			reportStartFailure(cause.getClass().getName() + ": " + cause.getMessage());
		}
	}

	/** In a worker, tell the supervisor why start-up failed; elsewhere nothing. */
	static void reportStartFailure(String explanation) {
		WorkerAgent agent = workerAgent;
		if (agent != null) {
			agent.reportStartFailure(explanation);
		}
	}

	/**
	 * Bind and validate {@code cluster.*}, before any application context exists: what
	 * the launcher reads to decide whether the process becomes a supervisor.
	 * @param environment the app's environment
	 * @return the properties
	 * @throws org.springframework.boot.context.properties.bind.BindException when a value
	 * is not accepted, which Spring Boot's failure analysis reports
	 */
	static ClusterProperties bindProperties(Environment environment) {
		return Binder.get(environment)
			.bindOrCreate("cluster", Bindable.of(ClusterProperties.class),
					new ValidationBindHandler(new ClusterPropertiesValidator()));
	}

	private void onEnvironmentPrepared(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		WorkerEnvironment worker = WorkerEnvironment.from(System.getenv());
		ClusterProperties properties = bindProperties(environment);
		if (worker != null) {
			becomeWorker(worker, properties);
			// Counts Spring's start-up steps, so that a slow start is not taken for a
			// hung one.
			SpringApplication application = event.getSpringApplication();
			if (!(application.getApplicationStartup() instanceof StartupProgress)) {
				application.setApplicationStartup(
						new StartupProgress(application.getApplicationStartup(), Objects.requireNonNull(workerAgent)));
			}
			return;
		}
		if (!properties.isEnabled() || properties.getInstances() == null) {
			return;
		}
		if (launchedFromTest()) {
			logger.debug("cluster.instances is set, but this is a test: running as a single process");
			return;
		}
		int processors = Runtime.getRuntime().availableProcessors();
		int instances = InstanceCount.resolve(properties.getInstances(), processors, properties.getMaxInstances());
		// spring.main.web-application-type is bound to the application after this event:
		// read it here.
		WebApplicationType type = environment.getProperty("spring.main.web-application-type", WebApplicationType.class,
				event.getSpringApplication().getWebApplicationType());
		System.exit(supervise(environment, properties, settings(properties, instances, processors),
				type != WebApplicationType.NONE, event.getArgs()));
	}

	private int supervise(ConfigurableEnvironment environment, ClusterProperties properties,
			SupervisorSettings settings, boolean web, String[] args) {
		PortSharing.Choice portSharing = properties.getPortSharing()
			.resolve(System.getProperty("os.name"), DescriptorPassing.isAvailable());
		long pid = ProcessHandle.current().pid();
		SocketActivation.Passed inherited = web ? SocketActivation.from(System.getenv(), pid).appSocket() : null;
		if (inherited != null) {
			if (!DescriptorPassing.isAvailable()) {
				throw new IllegalStateException("systemd passed a listening socket (" + inherited + "), which the "
						+ "workers share through Netty's native epoll transport, and it is not available here");
			}
			// The socket stays in systemd across restarts of the supervisor: share it,
			// whatever
			// cluster.port-sharing asked, since the other mechanisms bind sockets of
			// their own.
			portSharing = new PortSharing.Choice(PortSharing.SHARED_SOCKET,
					"the listening socket systemd passed (" + inherited + ", socket activation), shared by all workers"
							+ ((portSharing.mechanism() != PortSharing.SHARED_SOCKET) ? "; cluster.port-sharing="
									+ portSharing.mechanism().propertyValue() + " is not used with socket activation"
									: ""));
		}
		String host = environment.getProperty("server.address");
		int port = environment.getProperty("server.port", Integer.class, 8080);
		String logPrefix = properties.getLogPrefix();
		if (environment.getProperty(STRUCTURED_CONSOLE) != null) {
			// A prefix would break each JSON line; the index is a field of each record
			// instead.
			logPrefix = "";
			logger.info("Worker records are relayed without cluster.log-prefix: " + STRUCTURED_CONSOLE
					+ " is set, and each record carries the worker index as '" + WorkerSettings.LOG_FIELD + "'");
		}
		if (settings.maxMemoryRestart() != null && !Files.isReadable(Path.of("/proc/self/status"))) {
			logger.warn("cluster.max-memory-restart is ignored: worker memory is read from /proc, which this "
					+ "system does not have");
		}
		JavaCommand command = JavaCommand.ofCurrentProcess(args);
		// Also without a web server: its gRPC or RSocket server may fetch a shared
		// socket.
		if (portSharing.mechanism() == PortSharing.SHARED_SOCKET) {
			command = command.withJvmOption(SharedListener.REQUIRED_JVM_OPTION)
				.withJvmOption(SharedListener.NATIVE_ACCESS_JVM_OPTION);
		}
		WorkerJvmOptions.Split perWorker = WorkerJvmOptions.split(command, properties.getWorkerJvmArguments());
		command = perWorker.command();
		if (perWorker.options().hasPortOptions()) {
			logger.info("Each worker JVM gets a JMX port of its own: " + perWorker.options().describePorts()
					+ " (the supervisor keeps the launch line's)");
		}
		StartupCache cache = properties.getStartupCache().isEnabled() ? new StartupCache(
				properties.getStartupCache().directoryOrDefault(), command, Runtime.version().feature()) : null;
		Supervisor supervisor = new Supervisor(settings,
				ClusterSockets.opener(portSharing, web, host, port, web ? ManagementPort.of(environment) : null,
						(inherited != null) ? inherited.descriptor() : null),
				new JvmLauncher(command, logPrefix, cache, perWorker.options()), Clock.systemUTC(),
				ServiceNotifications.from(System.getenv(), pid));
		try {
			return supervisor.run();
		}
		catch (IOException ex) {
			logger.error("The cluster could not start: " + ex.getMessage(), ex);
			return 1;
		}
	}

	/** {@code cluster.*} as the supervisor runs by it. */
	static SupervisorSettings settings(ClusterProperties properties, int instances, int availableProcessors) {
		RestartBackoffProperties backoff = properties.getRestartBackoff();
		RestartPolicy restartPolicy = new RestartPolicy(properties.getMinUptime(), properties.getMaxRestarts(),
				properties.getStartAttempts(), backoff.getInitialDelay(), backoff.getMaxDelay(),
				backoff.getMultiplier());
		return new SupervisorSettings(instances, properties.getListenTimeout(), properties.getStartTimeout(),
				properties.getShutdownTimeout(), restartPolicy, properties.getReload().getMaxSurge(),
				properties.getReload().getMaxUnavailable(), properties.getMaxMemoryRestart(),
				properties.getMemoryCheckInterval(), properties.getScrapeTimeout(),
				properties.getMessaging().getMaxSize().toBytes(), properties.getMessaging().getQueueCapacity(),
				availableProcessors, properties.getMaxInstances(), properties.getHeartbeatInterval(),
				properties.getHeartbeatTimeout(), properties.getSlowStart(), properties.isSupervisorC1Only());
	}

	/** Connect to the supervisor, before any bean exists. */
	private void becomeWorker(WorkerEnvironment worker, ClusterProperties properties) {
		// WorkerSettings already put the supervisor's decisions in the environment.
		if (worker.listenerHandoff() != null) {
			SharedListener.configure(worker.listenerHandoff(), worker.secret());
		}
		if (workerAgent == null) {
			try {
				workerAgent = WorkerAgent.connect(worker, properties.getShutdownTimeout());
			}
			catch (IOException ex) {
				throw new IllegalStateException(
						"Worker " + worker.instance() + " cannot reach its supervisor at " + worker.channel(), ex);
			}
		}
	}

	/**
	 * Like DevTools: a run from JUnit or Spring Boot's test support never becomes a
	 * supervisor.
	 */
	static boolean launchedFromTest() {
		for (StackTraceElement element : Thread.currentThread().getStackTrace()) {
			for (String prefix : TEST_FRAME_PREFIXES) {
				if (element.getClassName().startsWith(prefix)) {
					return true;
				}
			}
		}
		return false;
	}

}
