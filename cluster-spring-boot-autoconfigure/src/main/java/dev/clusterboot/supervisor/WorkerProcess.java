package dev.clusterboot.supervisor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.supervisor.process.WorkerJvm;

/**
 * One worker JVM, from its start to its exit: its state, its deadline, its channel
 * connection. It changes them itself, on the supervisor's loop thread, so it needs no
 * locking.
 */
final class WorkerProcess {

	private final int index;

	private final WorkerJvm jvm;

	/** The secret issued to this JVM alone, which its channel connection presents. */
	private final String secret;

	private final Instant startedAt;

	private final @Nullable String version;

	private WorkerState state = WorkerState.STARTING;

	private Instant deadline;

	/** What the deadline is, for the log: the property and its value. */
	private String timeout;

	private final Duration listenTimeout;

	/** The latest a starting worker may be ready, whatever its progress. */
	private final Instant startCap;

	private final String startCapTimeout;

	private @Nullable Instant readyAt;

	private @Nullable ChannelPeer peer;

	private int port;

	private @Nullable Integer managementPort;

	private boolean proxyProtocol;

	private boolean managementProxyProtocol;

	/** The ports of its other servers, as it reported them when it was ready. */
	private List<SharedServer.Listening> servers = List.of();

	private @Nullable String killedBecause;

	/**
	 * Since when a ping waits for its answer: the first ping sent since it was last heard
	 * from. Counted from a ping, not from the last word heard, so that a supervisor that
	 * was itself stalled (a pause, a host suspended) does not take everyone for frozen.
	 */
	private @Nullable Instant unansweredSince;

	private @Nullable Unwell unwell;

	private final CpuSampler cpu;

	/** Out of the rotation: no new connection may reach it again. */
	private boolean leftRotation;

	/** How long it takes few connections once ready; zero: it was started without. */
	private final Duration slowStart;

	private boolean slowStartEnded;

	WorkerProcess(int index, WorkerJvm jvm, String secret, Instant now, Duration listenTimeout, Duration startTimeout,
			@Nullable String version, Duration slowStart) {
		this.index = index;
		this.slowStart = slowStart;
		this.jvm = jvm;
		this.secret = secret;
		this.startedAt = now;
		this.cpu = new CpuSampler(jvm, now);
		this.listenTimeout = listenTimeout;
		this.startCap = now.plus(startTimeout);
		this.startCapTimeout = "cluster.start-timeout (" + startTimeout.toMillis() + " ms)";
		this.version = version;
		progressed(now);
	}

	int index() {
		return this.index;
	}

	long pid() {
		return this.jvm.pid();
	}

	WorkerJvm jvm() {
		return this.jvm;
	}

	WorkerState state() {
		return (this.unwell != null && this.state == WorkerState.ONLINE) ? this.unwell.state() : this.state;
	}

	boolean isAlive() {
		return this.state != WorkerState.STOPPED && this.jvm.isAlive();
	}

	/** Ready, and well: it serves. */
	boolean isOnline() {
		return this.state == WorkerState.ONLINE && this.unwell == null;
	}

	/** It said something on the channel: it is alive. */
	void heard() {
		this.unansweredSince = null;
	}

	/** How long a ping has waited for its answer. */
	Duration silence(Instant now) {
		return (this.unansweredSince != null) ? Duration.between(this.unansweredSince, now) : Duration.ZERO;
	}

	void ping(ToWorker.Ping ping, Instant now) {
		if (this.peer == null) {
			return;
		}
		// Even when its outbox is full: a worker that reads nothing is what this looks
		// for.
		this.peer.send(ping);
		if (this.unansweredSince == null) {
			this.unansweredSince = now;
		}
	}

	void unwell(Unwell how) {
		this.unwell = how;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	@Nullable Instant readyAt() {
		return this.readyAt;
	}

	@Nullable String version() {
		return this.version;
	}

	@Nullable ChannelPeer peer() {
		return this.peer;
	}

	int port() {
		return this.port;
	}

	@Nullable Integer managementPort() {
		return this.managementPort;
	}

	List<SharedServer.Listening> servers() {
		return this.servers;
	}

	/** Why the supervisor killed it, or {@code null} if it did not. */
	@Nullable String killedBecause() {
		return this.killedBecause;
	}

	String secret() {
		return this.secret;
	}

	/**
	 * Whether this connection is this JVM's: it presented the secret issued to this JVM,
	 * with its index and pid, and the JVM still runs.
	 */
	boolean owns(ChannelPeer candidate) {
		return candidate.instance() == this.index && candidate.pid() == pid() && isAlive() && MessageDigest
			.isEqual(candidate.secret().getBytes(StandardCharsets.UTF_8), this.secret.getBytes(StandardCharsets.UTF_8));
	}

	/** Its channel connected; one asked to stop before it could hear it is told now. */
	void connected(ChannelPeer connected) {
		this.peer = connected;
		if (this.state == WorkerState.STOPPING) {
			connected.send(new ToWorker.Shutdown());
		}
	}

	/**
	 * Its start-up goes on: it may go on without progress for another listen timeout, but
	 * never past the start timeout.
	 */
	void progressed(Instant now) {
		if (this.state != WorkerState.STARTING) {
			return;
		}
		Instant next = now.plus(this.listenTimeout);
		if (next.isBefore(this.startCap)) {
			this.deadline = next;
			this.timeout = "cluster.listen-timeout (" + this.listenTimeout.toMillis() + " ms)";
		}
		else {
			this.deadline = this.startCap;
			this.timeout = this.startCapTimeout;
		}
	}

	/**
	 * It reported ready.
	 * @return whether it was starting, and so is online now
	 */
	boolean online(ToSupervisor.Online report, Instant now) {
		if (this.state != WorkerState.STARTING) {
			return false;
		}
		this.state = WorkerState.ONLINE;
		this.readyAt = now;
		this.port = report.port();
		this.managementPort = report.managementPort();
		this.proxyProtocol = report.proxyProtocol();
		this.managementProxyProtocol = report.managementProxyProtocol();
		this.servers = report.servers();
		// Without a web server there are no connections to take slowly.
		this.slowStartEnded |= report.port() == 0;
		return true;
	}

	/**
	 * Whether its web server reads the PROXY protocol header with the client's address.
	 */
	boolean proxyProtocol() {
		return this.proxyProtocol;
	}

	boolean managementProxyProtocol() {
		return this.managementProxyProtocol;
	}

	/**
	 * Whether it is ready and still starts slowly, taking few connections while its JIT
	 * warms.
	 */
	boolean isWarming(Instant now) {
		Instant warm = warmAt();
		return this.state == WorkerState.ONLINE && warm != null && now.isBefore(warm);
	}

	/** When its slow start ends, if it is ready and has one going. */
	@Nullable Instant warmAt() {
		return (this.readyAt != null && this.slowStart.compareTo(Duration.ZERO) > 0 && !this.slowStartEnded)
				? this.readyAt.plus(this.slowStart) : null;
	}

	/** Tell it to take connections without a limit from now on. */
	void endSlowStart() {
		this.slowStartEnded = true;
		if (this.peer != null) {
			this.peer.send(new ToWorker.EndSlowStart());
		}
	}

	/**
	 * Ask it to shut down through the channel, or with SIGTERM when it has not connected
	 * yet, saying whether its slot goes away with it. It is killed if it outlives the
	 * timeout.
	 * @param now the time
	 * @param shutdownTimeout how long it may take
	 * @param retiring whether its slot goes away (a scale-down)
	 */
	void stop(Instant now, Duration shutdownTimeout, boolean retiring) {
		if (!isAlive() || this.state == WorkerState.STOPPING) {
			return;
		}
		this.state = WorkerState.STOPPING;
		this.deadline = now.plus(shutdownTimeout);
		this.timeout = "cluster.shutdown-timeout (" + shutdownTimeout.toMillis() + " ms)";
		if (this.peer == null || !this.peer.send(new ToWorker.Shutdown(retiring))) {
			this.jvm.terminate();
		}
	}

	/**
	 * Kill it if it is past its deadline; {@link #killedBecause()} then says which.
	 * @return which deadline it missed
	 */
	Lateness killIfLate(Instant now) {
		if (this.killedBecause != null || !now.isAfter(this.deadline)) {
			return Lateness.NONE;
		}
		Lateness late = switch (this.state) {
			case STARTING -> Lateness.START;
			case STOPPING -> Lateness.STOP;
			default -> Lateness.NONE;
		};
		if (late != Lateness.NONE) {
			kill(((late == Lateness.START) ? ((this.deadline.equals(this.startCap)) ? "was not ready within "
					: "was not ready, and made no start-up progress, within ") : "did not stop within ")
					+ this.timeout);
		}
		return late;
	}

	/** When it must be ready or gone, if it must. */
	@Nullable Instant deadline() {
		boolean timed = (this.state == WorkerState.STARTING || this.state == WorkerState.STOPPING)
				&& this.killedBecause == null;
		return timed ? this.deadline : null;
	}

	void kill(String because) {
		this.killedBecause = because;
		this.jvm.kill();
	}

	/** It has exited: it is forgotten by the channel. */
	void exited() {
		this.state = WorkerState.STOPPED;
		if (this.peer != null) {
			this.peer.close();
			this.peer = null;
		}
	}

	Duration uptime(Instant now) {
		return Duration.between(this.startedAt, now);
	}

	/**
	 * CPU use since the previous sample (or since start), in percent of one core;
	 * {@code null} where the operating system does not tell.
	 */
	@Nullable Double sampleCpuPercent(Instant now) {
		return this.cpu.percentSince(now);
	}

	/** Take it out of the rotation: whether it was in, this once. */
	boolean leaveRotation() {
		boolean was = !this.leftRotation;
		this.leftRotation = true;
		return was;
	}

	boolean hasLeftRotation() {
		return this.leftRotation;
	}

	String describe() {
		return "worker " + this.index + " (pid " + pid() + ")";
	}

	@Override
	public String toString() {
		return describe() + " " + this.state;
	}

}
