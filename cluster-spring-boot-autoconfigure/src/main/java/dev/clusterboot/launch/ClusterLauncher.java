package dev.clusterboot.launch;

import java.io.IOException;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.clusterboot.ClusterProperties;
import dev.clusterboot.portsharing.DescriptorPassing;
import dev.clusterboot.portsharing.ManagementPort;
import dev.clusterboot.portsharing.PortSharing;
import dev.clusterboot.portsharing.SharedListener;
import dev.clusterboot.supervisor.InstanceCount;
import dev.clusterboot.supervisor.JavaCommand;
import dev.clusterboot.supervisor.Supervisor;
import dev.clusterboot.worker.WorkerAgent;
import dev.clusterboot.worker.WorkerEnvironment;

/**
 * Decides, once the environment is known and before any bean exists, what the launched process
 * is: a worker (the supervisor started it), a supervisor ({@code cluster.instances} is set), or
 * the plain app it always was.
 *
 * <p>A supervisor never creates the application context: it runs the cluster on the main thread
 * and exits the JVM when the cluster stops. Registered in {@code META-INF/spring.factories}, and
 * ordered after {@link LoggingApplicationListener} so that {@code application.yml} is read and
 * logging is set up.
 */
public class ClusterLauncher implements SmartApplicationListener {

	/** Right after logging is initialized. */
	public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

	private static final Log logger = LogFactory.getLog(ClusterLauncher.class);

	private static final String[] TEST_FRAME_PREFIXES = { "org.junit.", "org.springframework.boot.test." };

	/** One per JVM: a worker keeps one channel, whatever number of contexts it builds. */
	private static volatile WorkerAgent workerAgent;

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
				|| ApplicationPreparedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			onEnvironmentPrepared(prepared);
		}
		else if (event instanceof ApplicationPreparedEvent prepared && workerAgent != null) {
			ConfigurableApplicationContext context = prepared.getApplicationContext();
			workerAgent.attach(context);
			context.getBeanFactory().registerSingleton("clusterWorkerAgent", workerAgent);
		}
	}

	private void onEnvironmentPrepared(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		WorkerEnvironment worker = WorkerEnvironment.from(System.getenv());
		ClusterProperties properties = Binder.get(environment).bindOrCreate("cluster", ClusterProperties.class);
		if (worker != null) {
			becomeWorker(environment, worker, properties);
			return;
		}
		if (!properties.isEnabled() || properties.getInstances() == null) {
			return;
		}
		if (launchedFromTest()) {
			logger.debug("cluster.instances is set, but this is a test: running as a single process");
			return;
		}
		int instances = InstanceCount.resolve(properties.getInstances(), Runtime.getRuntime().availableProcessors());
		System.exit(supervise(environment, properties, instances, event.getArgs()));
	}

	private int supervise(ConfigurableEnvironment environment, ClusterProperties properties, int instances,
			String[] args) {
		PortSharing.Choice portSharing = properties.getPortSharing()
			.resolve(System.getProperty("os.name"), DescriptorPassing.isAvailable());
		String host = environment.getProperty("server.address");
		int port = environment.getProperty("server.port", Integer.class, 8080);
		JavaCommand command = JavaCommand.ofCurrentProcess(args);
		if (portSharing.mechanism() == PortSharing.SHARED_SOCKET) {
			command = command.withJvmOption(SharedListener.REQUIRED_JVM_OPTION)
				.withJvmOption(SharedListener.NATIVE_ACCESS_JVM_OPTION);
		}
		Supervisor supervisor = new Supervisor(properties, instances, portSharing, host, port,
				ManagementPort.of(environment), command);
		try {
			return supervisor.run();
		}
		catch (IOException ex) {
			logger.error("The cluster could not start: " + ex.getMessage(), ex);
			return 1;
		}
	}

	/**
	 * Settle this worker's configuration ahead of every other source, then connect to the
	 * supervisor.
	 */
	private void becomeWorker(ConfigurableEnvironment environment, WorkerEnvironment worker,
			ClusterProperties properties) {
		Map<String, Object> settled = new java.util.HashMap<>();
		settled.put("cluster.instance-id", worker.instance());
		settled.put("cluster.port-sharing", worker.portSharing().propertyValue());
		settled.put("spring.main.banner-mode", "off");
		if (worker.portSharing() == PortSharing.SHARED_SOCKET) {
			SharedListener.configure(worker.channel(), worker.secret());
		}
		if (worker.portSharing() == PortSharing.PROXY) {
			// Only the supervisor's proxy talks to a worker.
			settled.put("server.port", 0);
			settled.put("server.address", "127.0.0.1");
		}
		else {
			settled.put("server.port", worker.port());
		}
		if (worker.managementRelayed()) {
			// The supervisor listens on management.server.port and relays to this one.
			settled.put("management.server.port", 0);
			settled.put("management.server.address", "127.0.0.1");
		}
		environment.getPropertySources().addFirst(new MapPropertySource("clusterWorker", settled));
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

	/** Like DevTools: a run from JUnit or Spring Boot's test support never becomes a supervisor. */
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
