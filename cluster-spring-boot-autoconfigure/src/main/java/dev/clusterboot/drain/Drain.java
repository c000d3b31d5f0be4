package dev.clusterboot.drain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * A worker's drain, the first step of every close of its context, whoever started it: the
 * supervisor's {@code shutdown}, a SIGTERM, Actuator's shutdown endpoint. It runs on
 * {@link ContextClosedEvent}, after Spring has set readiness to REFUSING_TRAFFIC and
 * before any {@code SmartLifecycle} stops, in five steps:
 * <ol>
 * <li>leave: each server closes its listener and stops keeping connections alive, so no
 * new connection reaches this worker and each response ends its connection;</li>
 * <li>announce: a {@link WorkerDrainEvent}, for an app that says goodbye itself;</li>
 * <li>end the streams: streamed responses completed, WebSocket sessions closed with
 * 1001;</li>
 * <li>wait until no connection is left, or those left stay idle for
 * {@code cluster.drain-period}, or {@code cluster.drain-timeout} passes;</li>
 * <li>finish: a server that drains in a lifecycle of its own, the gRPC server, waits for
 * its calls.</li>
 * </ol>
 * Then Spring's graceful shutdown finishes whatever requests are still in flight.
 */
public class Drain implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware, Ordered {

	private static final Log logger = LogFactory.getLog(Drain.class);

	/** How often the wait looks at the connections: their closing is not signalled. */
	private static final long POLL_NANOS = 10_000_000L;

	private final List<DrainingServer> servers;

	private final List<Streams> streams;

	private final DrainState state;

	private final Duration period;

	private final Duration timeout;

	private @Nullable ApplicationContext context;

	public Drain(List<DrainingServer> servers, List<Streams> streams, DrainState state, Duration period,
			Duration timeout) {
		this.servers = List.copyOf(servers);
		this.streams = List.copyOf(streams);
		this.state = state;
		this.period = period;
		this.timeout = timeout;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context) {
			// A child context, such as the management server's, closing on its own.
			return;
		}
		drain();
	}

	void drain() {
		if (!leave()) {
			// A worker without a server has no connection to drain.
			return;
		}
		announce();
		endStreams();
		awaitConnections();
		finish();
	}

	private boolean leave() {
		// First, so that every response from here on ends its connection.
		this.state.startDraining();
		boolean leftAny = false;
		for (DrainingServer server : this.servers) {
			try {
				leftAny |= server.leave();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not close a listening socket before the graceful shutdown: " + ex.getMessage());
			}
		}
		return leftAny;
	}

	private void announce() {
		ApplicationContext context = this.context;
		if (context == null) {
			return;
		}
		try {
			context.publishEvent(new WorkerDrainEvent(context, this.timeout));
		}
		catch (RuntimeException ex) {
			// The app's goodbye failed; the drain goes on without it.
			logger.warn("A WorkerDrainEvent listener failed: " + ex, ex);
		}
	}

	private void endStreams() {
		for (Streams open : this.streams) {
			try {
				open.end();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not end the streams of " + open + ": " + ex, ex);
			}
		}
	}

	private void awaitConnections() {
		DrainWait wait = new DrainWait(System.nanoTime(), this.period, this.timeout);
		while (true) {
			long now = System.nanoTime();
			int connections = connections();
			int busy = busy();
			DrainWait.Outcome outcome = wait.check(now, connections, busy, this.state.lastActivityNanos());
			if (outcome != null) {
				String left = (connections > 0) ? " (" + connections + " connection(s), " + busy
						+ " request(s) or stream(s) open; Spring's graceful shutdown takes over)" : "";
				String line = "Drained in " + wait.elapsed(now).toMillis() + " ms: " + outcome.reason() + left;
				if (outcome == DrainWait.Outcome.TIMEOUT) {
					logger.warn(line);
				}
				else {
					logger.info(line);
				}
				return;
			}
			LockSupport.parkNanos(POLL_NANOS);
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				return;
			}
			// A client that reused its kept-alive connection may have opened one since.
			endStreams();
		}
	}

	private void finish() {
		for (DrainingServer server : this.servers) {
			try {
				server.finish();
			}
			catch (RuntimeException ex) {
				logger.warn("A server could not finish its drain: " + ex, ex);
			}
		}
	}

	private int connections() {
		int total = 0;
		for (DrainingServer server : this.servers) {
			int open = server.openConnections();
			if (open == DrainingServer.UNKNOWN) {
				return DrainingServer.UNKNOWN;
			}
			total += open;
		}
		return total;
	}

	private int busy() {
		int busy = this.state.inFlight();
		for (Streams open : this.streams) {
			busy += open.open();
		}
		return busy;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
