package dev.clusterboot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.clusterboot.contract.PortSharing;

/**
 * Configuration of the cluster, bound from {@code cluster.*}.
 *
 * <p>
 * The launched process reads these before any bean exists to decide whether it becomes
 * the supervisor; workers read them again as ordinary configuration properties.
 */
@ConfigurationProperties("cluster")
public class ClusterProperties {

	/**
	 * Whether a launched app that sets 'cluster.instances' becomes a supervisor of worker
	 * JVMs. Set to false to run the app as a single process without removing the
	 * dependency.
	 */
	private boolean enabled = true;

	/**
	 * Number of worker JVMs: a positive number; 'max' or '0' for the available processors
	 * (container-aware); '-N' for the available processors minus N. Unset, the app runs
	 * as a single process.
	 */
	private String instances;

	/**
	 * Index of this worker, 0 to N-1, kept across restarts of that worker. Set by the
	 * supervisor in each worker; also exposed as the environment variable
	 * CLUSTER_INSTANCE.
	 */
	private Integer instanceId;

	/**
	 * How the workers share 'server.port'. 'auto' picks SO_REUSEPORT on Linux and the
	 * proxy elsewhere.
	 */
	private PortSharing portSharing = PortSharing.AUTO;

	/**
	 * How long a starting worker may take to become ready (Spring readiness
	 * ACCEPTING_TRAFFIC). A worker not ready by then is killed and counted as a failed
	 * start.
	 */
	private Duration listenTimeout = Duration.ofSeconds(60);

	/**
	 * How long a worker may take to shut down gracefully after the supervisor asked it
	 * to. A worker still alive after this is killed.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * How long a leaving worker keeps answering, with 'Connection: close', after it
	 * closed its listener and before Spring's graceful shutdown, so that kept-alive
	 * connections move to other workers instead of being closed under their clients.
	 */
	private Duration drainPeriod = Duration.ofSeconds(1);

	/**
	 * A worker that exits before it was ready, or before it ran this long, counts as an
	 * unstable restart.
	 */
	private Duration minUptime = Duration.ofSeconds(30);

	/**
	 * Unstable restarts in a row after which a worker is given up and marked errored.
	 */
	private int maxRestarts = 16;

	/**
	 * Attempts each worker gets to start while no worker of the cluster has been ready
	 * yet. When every worker has used them up, the app cannot start here: the supervisor
	 * stops with the app's own error and exit status 1, in seconds rather than after
	 * every restart.
	 */
	private int startAttempts = 3;

	/**
	 * Replace a worker whose resident memory stays above this size (above it at two
	 * checks in a row), drained the way a reload replaces it: the new JVM first, then the
	 * old one drains. Unset: never. Read from /proc, so Linux only.
	 */
	private DataSize maxMemoryRestart;

	/**
	 * How often the supervisor compares each worker's resident memory with
	 * 'cluster.max-memory-restart'.
	 */
	private Duration memoryCheckInterval = Duration.ofSeconds(30);

	/**
	 * How long a cluster-wide Prometheus scrape waits for each worker's own scrape; a
	 * worker that has not answered by then is left out of that scrape and counted in
	 * 'cluster.scrape.missed'.
	 */
	private Duration scrapeTimeout = Duration.ofSeconds(5);

	/**
	 * Prefix of every line a worker writes to standard output or error; '{id}' is
	 * replaced by the worker index.
	 */
	private String logPrefix = "[worker-{id}] ";

	private final RestartBackoff restartBackoff = new RestartBackoff();

	private final Health health = new Health();

	private final Messaging messaging = new Messaging();

	private final Reload reload = new Reload();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getInstances() {
		return this.instances;
	}

	public void setInstances(String instances) {
		this.instances = instances;
	}

	public Integer getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(Integer instanceId) {
		this.instanceId = instanceId;
	}

	public PortSharing getPortSharing() {
		return this.portSharing;
	}

	public void setPortSharing(PortSharing portSharing) {
		this.portSharing = portSharing;
	}

	public Duration getListenTimeout() {
		return this.listenTimeout;
	}

	public void setListenTimeout(Duration listenTimeout) {
		this.listenTimeout = listenTimeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getDrainPeriod() {
		return this.drainPeriod;
	}

	public void setDrainPeriod(Duration drainPeriod) {
		this.drainPeriod = drainPeriod;
	}

	public Duration getMinUptime() {
		return this.minUptime;
	}

	public void setMinUptime(Duration minUptime) {
		this.minUptime = minUptime;
	}

	public int getMaxRestarts() {
		return this.maxRestarts;
	}

	public void setMaxRestarts(int maxRestarts) {
		this.maxRestarts = maxRestarts;
	}

	public int getStartAttempts() {
		return this.startAttempts;
	}

	public void setStartAttempts(int startAttempts) {
		this.startAttempts = startAttempts;
	}

	public DataSize getMaxMemoryRestart() {
		return this.maxMemoryRestart;
	}

	public void setMaxMemoryRestart(DataSize maxMemoryRestart) {
		this.maxMemoryRestart = maxMemoryRestart;
	}

	public Duration getMemoryCheckInterval() {
		return this.memoryCheckInterval;
	}

	public void setMemoryCheckInterval(Duration memoryCheckInterval) {
		this.memoryCheckInterval = memoryCheckInterval;
	}

	public Duration getScrapeTimeout() {
		return this.scrapeTimeout;
	}

	public void setScrapeTimeout(Duration scrapeTimeout) {
		this.scrapeTimeout = scrapeTimeout;
	}

	public String getLogPrefix() {
		return this.logPrefix;
	}

	public void setLogPrefix(String logPrefix) {
		this.logPrefix = logPrefix;
	}

	public RestartBackoff getRestartBackoff() {
		return this.restartBackoff;
	}

	public Reload getReload() {
		return this.reload;
	}

	public Health getHealth() {
		return this.health;
	}

	public Messaging getMessaging() {
		return this.messaging;
	}

	/**
	 * Messages between workers (ClusterMessaging).
	 */
	public static class Messaging {

		/**
		 * Largest payload of a cluster message, as JSON; a larger one is refused to its
		 * sender.
		 */
		private DataSize maxSize = DataSize.ofKilobytes(64);

		/**
		 * Messages that may wait for each worker, at the supervisor and in the worker;
		 * past that, messages to a slow worker are dropped and counted in
		 * 'cluster.messages.dropped'.
		 */
		private int queueCapacity = 1000;

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * The 'cluster' health component.
	 */
	public static class Health {

		/**
		 * Fraction of the desired workers that must be ready for the 'cluster' health
		 * component to be UP (at least one worker); below it, OUT_OF_SERVICE.
		 */
		private double readyThreshold = 0.5;

		public double getReadyThreshold() {
			return this.readyThreshold;
		}

		public void setReadyThreshold(double readyThreshold) {
			this.readyThreshold = readyThreshold;
		}

	}

	/**
	 * How a rolling reload replaces the workers.
	 */
	public static class Reload {

		/**
		 * Workers replaced at the same time. Each replacement starts before its old
		 * worker drains, so serving capacity never drops below the instance count.
		 */
		private int parallelism = 1;

		public int getParallelism() {
			return this.parallelism;
		}

		public void setParallelism(int parallelism) {
			this.parallelism = parallelism;
		}

	}

	/**
	 * Delay before an unstable worker is restarted: it grows by the multiplier after each
	 * unstable restart, up to the maximum, and starts again from the initial delay once a
	 * worker has run longer than 'cluster.min-uptime'.
	 */
	public static class RestartBackoff {

		/**
		 * Delay before the first restart of a worker that exited unstably.
		 */
		private Duration initialDelay = Duration.ofMillis(500);

		/**
		 * Largest delay between two restarts.
		 */
		private Duration maxDelay = Duration.ofSeconds(15);

		/**
		 * Factor applied to the delay after each unstable restart.
		 */
		private double multiplier = 1.5;

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

	}

}
