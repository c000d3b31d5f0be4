package dev.clusterboot.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ChannelServer;
import dev.clusterboot.channel.Tickets;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.WorkerEnvironment;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.port.SharedPort;
import dev.clusterboot.supervisor.process.ProcessLauncher;
import dev.clusterboot.supervisor.process.WorkerJvm;
import dev.clusterboot.supervisor.systemd.ServiceNotifications;
import dev.clusterboot.testsupport.Exposition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A supervisor on fakes, for its unit tests: a launcher whose JVMs end when the test
 * says, a port that records which pids may get connections, a clock the test moves, and
 * the channel listener the supervisor hands to its resources, through which the test
 * plays the workers' part. Each step takes one turn of the supervisor's loop.
 */
final class FakeCluster implements AutoCloseable {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));

	private final List<FakeJvm> launched = new CopyOnWriteArrayList<>();

	private final Set<Long> routed = ConcurrentHashMap.newKeySet();

	private final List<FakePeer> peers = new CopyOnWriteArrayList<>();

	private final AtomicLong pids = new AtomicLong(1000);

	private Settings settings = new Settings();

	private boolean failNextLaunch;

	private boolean errorNextLaunch;

	private boolean cacheBeingMade;

	private int trims;

	private int nativeTrims;

	/** Each time the supervisor asked for C1 only: how many workers it had launched. */
	private final List<Integer> c1Only = new ArrayList<>();

	private @Nullable Supervisor supervisor;

	private ChannelServer.@Nullable Listener listener;

	void settings(UnaryOperator<Settings> change) {
		this.settings = change.apply(this.settings);
	}

	void failNextLaunch() {
		this.failNextLaunch = true;
	}

	/** The next launch throws an Error, as a pids limit makes thread creation do. */
	void errorNextLaunch() {
		this.errorNextLaunch = true;
	}

	/**
	 * A supervisor of this many workers, its first pass taken: the workers are starting.
	 */
	void start(int instances) {
		this.supervisor = new Supervisor(this.settings.build(instances), this::open, new Launcher(), this.clock,
				ServiceNotifications.NONE, new SupervisorMemory.Trim() {

					@Override
					public void whole() {
						FakeCluster.this.trims++;
					}

					@Override
					public void nativeHeap() {
						FakeCluster.this.nativeTrims++;
					}

					@Override
					public void compileWithC1Only() {
						FakeCluster.this.c1Only.add(FakeCluster.this.launched.size());
					}

				});
		try {
			this.supervisor.open();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Started, and every worker connected and ready. */
	void startReady(int instances) {
		start(instances);
		for (FakeJvm jvm : List.copyOf(this.launched)) {
			ready(jvm);
		}
	}

	private ClusterSockets open(ChannelServer.Listener channelListener, int outboxCapacity, int maxConnections,
			int instances) {
		this.listener = channelListener;
		return new ClusterSockets(Path.of("/nowhere/channel.sock"), new Tickets(), this.settings.portSharing,
				new RoutingPort(), null, () -> {
				});
	}

	/** Whether the start-up cache is being made: replacements wait for it. */
	void cacheBeingMade(boolean being) {
		this.cacheBeingMade = being;
	}

	/** How many times the supervisor trimmed its own memory, heap and native. */
	int trims() {
		return this.trims;
	}

	/** How many times it returned native memory again after a whole trim. */
	int nativeTrims() {
		return this.nativeTrims;
	}

	/**
	 * Each time the supervisor set its JVM to compile with C1 only, how many workers it
	 * had launched before.
	 */
	List<Integer> c1Only() {
		return this.c1Only;
	}

	Supervisor supervisor() {
		return this.supervisor;
	}

	Clock clock() {
		return this.clock;
	}

	/** One turn of the loop: what is queued, then the steps. */
	void turn() {
		this.supervisor.runPending();
	}

	void advance(Duration duration) {
		this.clock.advance(duration);
		turn();
	}

	// ---- the workers' part

	FakePeer connect(FakeJvm jvm) {
		return connectAs(jvm.index(), jvm.pid(), jvm.secret());
	}

	/** A connection that presents this index, pid and secret, whoever it is. */
	FakePeer connectAs(int index, long pid, String secret) {
		FakePeer peer = new FakePeer(index, pid, secret, (from, message) -> this.listener.received(from, message));
		this.peers.add(peer);
		this.listener.connected(peer);
		turn();
		return peer;
	}

	void ready(FakeJvm jvm) {
		FakePeer peer = peerOf(jvm);
		say((peer != null) ? peer : connect(jvm), new ToSupervisor.Online(jvm.pid(), 8080, null));
	}

	void say(FakeJvm jvm, ToSupervisor message) {
		say(peerOf(jvm), message);
	}

	void say(FakePeer peer, ToSupervisor message) {
		this.listener.received(peer, message);
		turn();
	}

	void exit(FakeJvm jvm, int code) {
		jvm.exit(code);
		turn();
	}

	OperationOutcome submit(OperationRequest request) {
		FakePeer asking = this.peers.get(0);
		int before = asking.sent.size();
		say(asking, new ToSupervisor.OperationQuery("q" + before, request));
		return ((ToWorker.OperationAnswer) asking.sent.get(before)).outcome();
	}

	OperationReport accepted(OperationRequest request) {
		OperationOutcome outcome = submit(request);
		assertThat(outcome).isInstanceOf(OperationOutcome.Accepted.class);
		return ((OperationOutcome.Accepted) outcome).operation();
	}

	// ---- what the supervisor did

	List<FakeJvm> launched() {
		return List.copyOf(this.launched);
	}

	FakeJvm jvm(int n) {
		return this.launched.get(n);
	}

	FakeJvm last() {
		return this.launched.get(this.launched.size() - 1);
	}

	/** The JVM that serves a slot now. */
	FakeJvm current(int index) {
		long pid = this.supervisor.pool().slots().get(index).current().pid();
		return this.launched.stream().filter((jvm) -> jvm.pid() == pid).findFirst().orElseThrow();
	}

	Set<Long> routed() {
		return Set.copyOf(this.routed);
	}

	List<WorkerState> states() {
		return this.supervisor.pool().slots().stream().map(Slot::state).toList();
	}

	ClusterStatus status() {
		return this.supervisor.status(false, this.clock.instant());
	}

	OperationReport operation() {
		return status().operation();
	}

	long endSlowStartsSentTo(FakeJvm jvm) {
		FakePeer peer = peerOf(jvm);
		return (peer != null) ? peer.sent.stream().filter(ToWorker.EndSlowStart.class::isInstance).count() : 0;
	}

	long shutdownsSentTo(FakeJvm jvm) {
		FakePeer peer = peerOf(jvm);
		return (peer != null) ? peer.sent.stream().filter(ToWorker.Shutdown.class::isInstance).count() : 0;
	}

	double restarts(int index) {
		return counter("cluster_worker_restarts_total", "worker", "" + index);
	}

	/**
	 * A counter of the supervisor's meters, from its scrape; 0 when it has no such
	 * series.
	 * @param name the sample's Prometheus name
	 * @param labels label names and values, all of the series'
	 */
	double counter(String name, String... labels) {
		Map<String, String> series = new HashMap<>();
		for (int i = 0; i < labels.length; i += 2) {
			series.put(labels[i], labels[i + 1]);
		}
		Double value = Exposition.parse(this.supervisor.meters().scrape(ScrapeFormat.PROMETHEUS_TEXT))
			.value(name, series);
		return (value != null) ? value : 0;
	}

	/** The channel connection of a JVM, as the test opened it. */
	FakePeer peer(FakeJvm jvm) {
		FakePeer peer = peerOf(jvm);
		assertThat(peer).as("connection of %s", jvm).isNotNull();
		return peer;
	}

	double failedStarts(int index) {
		return counter("cluster_worker_failed_starts_total", "worker", "" + index);
	}

	/** Reloads timed, by kind and outcome. */
	long reloadsTimed(String kind, String outcome) {
		return (long) counter("cluster_reload_seconds", "kind", kind, "outcome", outcome);
	}

	@Nullable String startFailure() {
		return this.supervisor.startFailureReport();
	}

	private @Nullable FakePeer peerOf(FakeJvm jvm) {
		return this.peers.stream().filter((peer) -> peer.pid() == jvm.pid()).findFirst().orElse(null);
	}

	@Override
	public void close() {
		if (this.supervisor != null) {
			this.supervisor.close();
		}
	}

	// ---- the fakes

	/** Settings as {@code cluster.*} defaults them, some changed by a test. */
	static final class Settings {

		private int maxRestarts = 16;

		private int startAttempts = 3;

		private int maxSurge = 1;

		private int maxUnavailable = 0;

		private @Nullable DataSize maxMemoryRestart;

		private Duration memoryCheckInterval = Duration.ofSeconds(30);

		private Duration slowStart = Duration.ZERO;

		private boolean c1Only = true;

		private PortSharing portSharing = PortSharing.PROXY;

		/** A slow start, with the shared socket that it needs. */
		Settings slowStart(Duration value) {
			this.slowStart = value;
			this.portSharing = PortSharing.SHARED_SOCKET;
			return this;
		}

		Settings portSharing(PortSharing value) {
			this.portSharing = value;
			return this;
		}

		Settings maxRestarts(int value) {
			this.maxRestarts = value;
			return this;
		}

		Settings startAttempts(int value) {
			this.startAttempts = value;
			return this;
		}

		Settings maxSurge(int value) {
			this.maxSurge = value;
			return this;
		}

		Settings maxUnavailable(int value) {
			this.maxUnavailable = value;
			return this;
		}

		Settings maxMemoryRestart(DataSize value) {
			this.maxMemoryRestart = value;
			return this;
		}

		Settings c1Only(boolean value) {
			this.c1Only = value;
			return this;
		}

		Settings memoryCheckInterval(Duration value) {
			this.memoryCheckInterval = value;
			return this;
		}

		SupervisorSettings build(int instances) {
			RestartPolicy policy = new RestartPolicy(Duration.ofSeconds(30), this.maxRestarts, this.startAttempts,
					Duration.ofMillis(500), Duration.ofSeconds(15), 1.5);
			return new SupervisorSettings(instances, Duration.ofSeconds(60), Duration.ofMinutes(10),
					Duration.ofSeconds(30), policy, this.maxSurge, this.maxUnavailable, this.maxMemoryRestart,
					this.memoryCheckInterval, Duration.ofSeconds(5), 64 * 1024, 1000, 2, 16, Duration.ofSeconds(5),
					Duration.ofSeconds(30), this.slowStart, this.c1Only);
		}

	}

	private final class Launcher implements ProcessLauncher {

		@Override
		public WorkerJvm launch(WorkerEnvironment environment) throws IOException {
			if (FakeCluster.this.errorNextLaunch) {
				FakeCluster.this.errorNextLaunch = false;
				throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource "
						+ "limits reached");
			}
			if (FakeCluster.this.failNextLaunch) {
				FakeCluster.this.failNextLaunch = false;
				throw new IOException("Cannot run program \"java\": error=11, Resource temporarily unavailable");
			}
			FakeJvm jvm = new FakeJvm(environment.instance(), FakeCluster.this.pids.incrementAndGet(),
					environment.secret(), environment.slowStart());
			FakeCluster.this.launched.add(jvm);
			return jvm;
		}

		@Override
		public boolean prepare() {
			return !FakeCluster.this.cacheBeingMade;
		}

		@Override
		public boolean isPreparing() {
			return FakeCluster.this.cacheBeingMade;
		}

		@Override
		public String appVersion() {
			return "app.jar";
		}

	}

	/** A worker JVM that exits when the test says, or when it is killed. */
	static final class FakeJvm implements WorkerJvm {

		private final int index;

		private final long pid;

		private final CompletableFuture<Integer> exit = new CompletableFuture<>();

		private volatile boolean terminated;

		private volatile boolean killed;

		private volatile boolean gone;

		private volatile @Nullable Long residentMemory = 50L * 1024 * 1024;

		private volatile @Nullable String exitHint;

		private volatile Set<Integer> listeningPorts = Set.of();

		private final String secret;

		private final Duration slowStart;

		FakeJvm(int index, long pid, String secret, Duration slowStart) {
			this.index = index;
			this.pid = pid;
			this.secret = secret;
			this.slowStart = slowStart;
		}

		/** The slow start its environment asked for, zero for none. */
		Duration slowStart() {
			return this.slowStart;
		}

		int index() {
			return this.index;
		}

		/** What it was given to present on the channel. */
		String secret() {
			return this.secret;
		}

		void exit(int code) {
			this.exit.complete(code);
		}

		/**
		 * Gone, as the JDK sees it, before the supervisor's loop has heard of its exit:
		 * the JDK reaps a child on a thread of its own, and the exit reaches the loop as
		 * an event after.
		 */
		void goneBeforeItsExitIsHeard() {
			this.gone = true;
		}

		boolean terminated() {
			return this.terminated;
		}

		boolean killed() {
			return this.killed;
		}

		void residentMemory(long bytes) {
			this.residentMemory = bytes;
		}

		/** What its output said before it exited, as the launcher's watcher reads it. */
		void exitHint(String hint) {
			this.exitHint = hint;
		}

		void listeningPorts(Set<Integer> ports) {
			this.listeningPorts = Set.copyOf(ports);
		}

		@Override
		public Set<Integer> listeningPorts() {
			return this.listeningPorts;
		}

		@Override
		public @Nullable String exitHint() {
			return this.exitHint;
		}

		@Override
		public long pid() {
			return this.pid;
		}

		@Override
		public boolean isAlive() {
			return !this.exit.isDone() && !this.gone;
		}

		@Override
		public CompletableFuture<Integer> onExit() {
			return this.exit;
		}

		@Override
		public void terminate() {
			this.terminated = true;
		}

		@Override
		public void kill() {
			this.killed = true;
			exit(137);
		}

		@Override
		public Duration cpuTime() {
			return Duration.ofSeconds(1);
		}

		@Override
		public @Nullable Long residentMemory() {
			return isAlive() ? this.residentMemory : null;
		}

		@Override
		public String toString() {
			return "jvm " + this.pid + " of worker " + this.index;
		}

	}

	/** A worker's connection, as the supervisor sees it: it records what it is sent. */
	static final class FakePeer implements ChannelPeer {

		private final int instance;

		private final long pid;

		private final String secret;

		final List<ToWorker> sent = new CopyOnWriteArrayList<>();

		private volatile boolean closed;

		/**
		 * Answers pings as a worker's channel reader does, unless the worker is frozen.
		 */
		private final BiConsumer<FakePeer, ToSupervisor> answers;

		private volatile boolean frozen;

		FakePeer(int instance, long pid, String secret, BiConsumer<FakePeer, ToSupervisor> answers) {
			this.instance = instance;
			this.pid = pid;
			this.secret = secret;
			this.answers = answers;
		}

		/**
		 * It stops answering, as a worker stopped by SIGSTOP or stuck in a garbage
		 * collection.
		 */
		void freeze() {
			this.frozen = true;
		}

		@Override
		public String secret() {
			return this.secret;
		}

		@Override
		public int instance() {
			return this.instance;
		}

		@Override
		public long pid() {
			return this.pid;
		}

		@Override
		public boolean send(ToWorker message) {
			if (this.closed) {
				return false;
			}
			this.sent.add(message);
			if (message instanceof ToWorker.Ping ping && !this.frozen) {
				this.answers.accept(this, new ToSupervisor.Pong(ping.sequence()));
			}
			return true;
		}

		@Override
		public void close() {
			this.closed = true;
		}

		boolean closed() {
			return this.closed;
		}

	}

	/** The proxy's part of a port: which pids may get new connections. */
	private final class RoutingPort implements SharedPort {

		@Override
		public int port() {
			return 8080;
		}

		@Override
		public int workerPort() {
			return 0;
		}

		@Override
		public void workerReady(long pid, int port, boolean proxyProtocol) {
			FakeCluster.this.routed.add(pid);
		}

		@Override
		public void workerLeaving(long pid) {
			FakeCluster.this.routed.remove(pid);
		}

		@Override
		public void close() {
		}

	}

	private static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
