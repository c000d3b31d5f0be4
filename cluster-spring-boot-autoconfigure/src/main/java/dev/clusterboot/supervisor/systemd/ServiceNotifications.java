package dev.clusterboot.supervisor.systemd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells systemd where the cluster stands, as {@code sd_notify(3)} does under
 * {@code Type=notify}: {@code READY=1} once every worker is ready, {@code RELOADING=1}
 * then {@code READY=1} around a rolling reload, {@code STOPPING=1}, a {@code STATUS=}
 * line such as "2/2 workers ready", and, when the unit sets {@code WatchdogSec=}, a
 * {@code WATCHDOG=1} every half of it. The supervisor's loop calls {@link #observe} after
 * each pass, so the pings stop when the loop does, and systemd then restarts the service.
 */
public final class ServiceNotifications {

	private static final Log logger = LogFactory.getLog(ServiceNotifications.class);

	/**
	 * The variables systemd sets for the service's main process, not for its children.
	 */
	public static final List<String> VARIABLES = List.of("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID");

	/** Nothing to tell: the process does not run under {@code Type=notify}. */
	public static final ServiceNotifications NONE = new ServiceNotifications((state) -> {
	}, null, System::nanoTime);

	private final Notifier notifier;

	private final @Nullable Duration watchdogInterval;

	private final LongSupplier monotonicNanos;

	private @Nullable Instant nextWatchdog;

	private boolean ready;

	private boolean reloading;

	private boolean stopping;

	private String status = "";

	ServiceNotifications(Notifier notifier, @Nullable Duration watchdogInterval, LongSupplier monotonicNanos) {
		this.notifier = notifier;
		this.watchdogInterval = watchdogInterval;
		this.monotonicNanos = monotonicNanos;
	}

	/**
	 * The notifications of this process: none unless systemd set {@code NOTIFY_SOCKET}.
	 * @param environment the process's environment
	 * @param pid this process's id, which {@code WATCHDOG_PID} must name if it is set
	 * @return the notifications
	 */
	public static ServiceNotifications from(Map<String, String> environment, long pid) {
		String socket = environment.get("NOTIFY_SOCKET");
		if (socket == null || socket.isBlank()) {
			return NONE;
		}
		Duration watchdog = watchdogInterval(environment, pid);
		try {
			Notifier notifier = NotifySocket.open(socket);
			logger.info("Notifying systemd at " + socket + ((watchdog != null)
					? ", with a watchdog ping every " + watchdog.toMillis() + " ms" : ", no watchdog"));
			return new ServiceNotifications(notifier, watchdog, System::nanoTime);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.warn("Cannot notify systemd at " + socket + ": " + ex + "; Type=notify will time out");
			return NONE;
		}
	}

	/**
	 * Half of {@code WATCHDOG_USEC}, as {@code sd_watchdog_enabled(3)} advises.
	 */
	static @Nullable Duration watchdogInterval(Map<String, String> environment, long pid) {
		String usec = environment.get("WATCHDOG_USEC");
		String forPid = environment.get("WATCHDOG_PID");
		if (usec == null || (forPid != null && !forPid.trim().equals(Long.toString(pid)))) {
			return null;
		}
		try {
			long micros = Long.parseLong(usec.trim());
			return (micros > 0) ? Duration.ofNanos(micros * 1000 / 2) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * After a pass of the loop: tell what changed, and ping the watchdog when due.
	 * @param now the time
	 * @param state where the cluster stands
	 */
	public void observe(Instant now, State state) {
		List<String> lines = new ArrayList<>();
		if (state.stopping() && !this.stopping) {
			this.stopping = true;
			lines.add("STOPPING=1");
		}
		if (!this.stopping) {
			if (state.reloading() && !this.reloading && this.ready) {
				this.reloading = true;
				// systemd 253+ wants the reload's start on its monotonic clock, which
				// nanoTime reads.
				lines.add("RELOADING=1");
				lines.add("MONOTONIC_USEC=" + this.monotonicNanos.getAsLong() / 1000);
			}
			else if (!state.reloading() && this.reloading) {
				this.reloading = false;
				lines.add("READY=1");
			}
			if (!this.ready && state.allReadyOnce()) {
				this.ready = true;
				lines.add("READY=1");
			}
		}
		String status = status(state);
		if (!status.equals(this.status)) {
			this.status = status;
			lines.add("STATUS=" + status);
		}
		if (this.watchdogInterval != null && (this.nextWatchdog == null || !now.isBefore(this.nextWatchdog))) {
			this.nextWatchdog = now.plus(this.watchdogInterval);
			lines.add("WATCHDOG=1");
		}
		if (!lines.isEmpty()) {
			this.notifier.send(String.join("\n", lines));
		}
	}

	/** When the watchdog must be pinged next, if it must. */
	public @Nullable Instant nextWatchdog() {
		return this.nextWatchdog;
	}

	private static String status(State state) {
		String workers = state.ready() + "/" + state.desired() + " workers ready";
		if (state.stopping()) {
			return "stopping: " + workers;
		}
		return state.reloading() ? "reloading: " + workers : workers;
	}

	/**
	 * Where the cluster stands, for systemd.
	 *
	 * @param desired the workers wanted
	 * @param ready the workers ready
	 * @param allReadyOnce whether every worker has been ready at least once
	 * @param reloading whether a rolling reload runs
	 * @param stopping whether the cluster stops
	 */
	public record State(int desired, int ready, boolean allReadyOnce, boolean reloading, boolean stopping) {
	}

	/** Sends one notification datagram. */
	@FunctionalInterface
	interface Notifier {

		void send(String state);

	}

}
