package dev.clusterboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.clusterboot.contract.PortSharing;

/**
 * Configuration of the cluster, bound from {@code cluster.*}.
 *
 * <p>
 * The launched process reads these before any bean exists to decide whether it becomes
 * the supervisor; workers read them again as ordinary configuration properties. Each
 * property is described at length in {@code docs/configuration.md}.
 */
@ConfigurationProperties("cluster")
public class ClusterProperties implements Validator {

	/**
	 * Whether a launched app that sets 'cluster.instances' becomes a supervisor of worker
	 * JVMs; false runs it as a single process.
	 */
	private boolean enabled = true;

	/**
	 * Number of worker JVMs: a positive number; 'max' or '0' for the available processors
	 * (container-aware); '-N' for the available processors minus N. Unset, the app runs
	 * as a single process.
	 */
	private String instances;

	/**
	 * Index of this worker, 0 to N-1, kept across its restarts. Set by the supervisor in
	 * each worker, also as the environment variable CLUSTER_INSTANCE.
	 */
	private Integer instanceId;

	/**
	 * How the workers share 'server.port'. 'auto' picks SO_REUSEPORT on Linux and the
	 * proxy elsewhere.
	 */
	private PortSharing portSharing = PortSharing.AUTO;

	/**
	 * How long a starting worker may take to become ready (readiness ACCEPTING_TRAFFIC)
	 * before it is killed and counted as a failed start.
	 */
	private Duration listenTimeout = Duration.ofSeconds(60);

	/**
	 * How long a starting worker may take to be ready, however much start-up progress it
	 * reports: the hard cap over cluster.listen-timeout.
	 */
	private Duration startTimeout = Duration.ofMinutes(10);

	/**
	 * How long a worker may take to shut down gracefully after the supervisor asked it
	 * to. A worker still alive after this is killed.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	/**
	 * How long the connections of a leaving worker must stay idle, with no request in
	 * flight, before it closes them and Spring's graceful shutdown begins.
	 */
	private Duration drainPeriod = Duration.ofSeconds(1);

	/**
	 * The longest a leaving worker waits for its connections to be gone once it closed
	 * its listener and ended its streams; a third of cluster.shutdown-timeout unless set.
	 */
	private @Nullable Duration drainTimeout;

	/**
	 * A worker that exits before it was ready, or before it ran this long, counts as an
	 * unstable restart.
	 */
	private Duration minUptime = Duration.ofSeconds(30);

	/** Unstable restarts in a row after which a worker is given up and marked errored. */
	private int maxRestarts = 16;

	/**
	 * Attempts each worker gets to start while no worker has been ready yet; when all are
	 * used up, the supervisor stops with the app's own error and exit status 1.
	 */
	private int startAttempts = 3;

	/**
	 * Resident memory above which, at two checks in a row, a worker is replaced the way a
	 * reload replaces it. Unset: never. Linux only.
	 */
	private DataSize maxMemoryRestart;

	/** How often each worker's memory is checked against 'cluster.max-memory-restart'. */
	private Duration memoryCheckInterval = Duration.ofSeconds(30);

	/**
	 * How long a cluster-wide Prometheus scrape waits for each worker's own scrape before
	 * it leaves that worker out.
	 */
	private Duration scrapeTimeout = Duration.ofSeconds(5);

	/**
	 * Prefix of every line a worker writes to standard output or error; '{id}' is
	 * replaced by the worker index.
	 */
	private String logPrefix = "[worker-{id}] ";

	/**
	 * Whether the supervisor's own JVM compiles with the JIT's first tier (C1) only, to
	 * hold less memory. The workers compile as the launch line says.
	 */
	private boolean supervisorC1Only = true;

	/**
	 * Most workers a cluster may run, whatever 'cluster.instances' or a scale asks.
	 * Defaults to four per available processor, at least 8.
	 */
	private int maxInstances = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

	/**
	 * Requests a worker on Jetty or Reactor Netty serves on one kept-alive connection
	 * before it closes it, so that long-lived connections spread again; -1 for no limit.
	 */
	private int maxKeepAliveRequests = 100;

	/**
	 * How long a new worker beside warm ones takes few connections once ready (1,
	 * doubling ten times over this window). Only with shared-socket port sharing; 0 turns
	 * it off.
	 */
	private Duration slowStart = Duration.ofSeconds(10);

	/** How often the supervisor checks that each worker still answers on the channel. */
	private Duration heartbeatInterval = Duration.ofSeconds(5);

	/**
	 * How long a ready worker may go without answering the supervisor before it is
	 * replaced like a reload.
	 */
	private Duration heartbeatTimeout = Duration.ofSeconds(30);

	/**
	 * JVM options added to each worker's command line only. '{instance}' is replaced by
	 * the worker index, '{port:N}' by N plus a number no other running worker holds.
	 */
	private List<String> workerJvmArguments = new ArrayList<>();

	@NestedConfigurationProperty
	private final RestartBackoffProperties restartBackoff = new RestartBackoffProperties();

	@NestedConfigurationProperty
	private final ClusterHealthProperties health = new ClusterHealthProperties();

	@NestedConfigurationProperty
	private final MessagingProperties messaging = new MessagingProperties();

	@NestedConfigurationProperty
	private final ReloadProperties reload = new ReloadProperties();

	@NestedConfigurationProperty
	private final StartupCacheProperties startupCache = new StartupCacheProperties();

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

	public Duration getStartTimeout() {
		return this.startTimeout;
	}

	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
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

	public @Nullable Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(@Nullable Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	/**
	 * The drain timeout in force: as set, or a third of the shutdown timeout, which
	 * leaves Spring's graceful shutdown the rest.
	 * @return the drain timeout
	 */
	public Duration drainTimeoutOrDefault() {
		return (this.drainTimeout != null) ? this.drainTimeout : this.shutdownTimeout.dividedBy(3);
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

	public boolean isSupervisorC1Only() {
		return this.supervisorC1Only;
	}

	public void setSupervisorC1Only(boolean supervisorC1Only) {
		this.supervisorC1Only = supervisorC1Only;
	}

	public String getLogPrefix() {
		return this.logPrefix;
	}

	public void setLogPrefix(String logPrefix) {
		this.logPrefix = logPrefix;
	}

	public int getMaxInstances() {
		return this.maxInstances;
	}

	public void setMaxInstances(int maxInstances) {
		this.maxInstances = maxInstances;
	}

	public int getMaxKeepAliveRequests() {
		return this.maxKeepAliveRequests;
	}

	public void setMaxKeepAliveRequests(int maxKeepAliveRequests) {
		this.maxKeepAliveRequests = maxKeepAliveRequests;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getSlowStart() {
		return this.slowStart;
	}

	public void setSlowStart(Duration slowStart) {
		this.slowStart = slowStart;
	}

	public Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	public void setHeartbeatTimeout(Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	public List<String> getWorkerJvmArguments() {
		return this.workerJvmArguments;
	}

	public void setWorkerJvmArguments(List<String> workerJvmArguments) {
		this.workerJvmArguments = workerJvmArguments;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ClusterProperties.class.isAssignableFrom(type);
	}

	/**
	 * Spring Boot validates properties that are their own validator, as it binds them.
	 */
	@Override
	public void validate(Object target, Errors errors) {
		new ClusterPropertiesValidator().validate(target, errors);
	}

	public RestartBackoffProperties getRestartBackoff() {
		return this.restartBackoff;
	}

	public ReloadProperties getReload() {
		return this.reload;
	}

	public StartupCacheProperties getStartupCache() {
		return this.startupCache;
	}

	public ClusterHealthProperties getHealth() {
		return this.health;
	}

	public MessagingProperties getMessaging() {
		return this.messaging;
	}

}
