package dev.clusterboot.server.jetty;

import java.nio.channels.SelectableChannel;

import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.AbstractConnector;

import dev.clusterboot.worker.ConnectionLimit;

/**
 * Stops a Jetty connector's acceptors while it holds as many connections as the worker's
 * slow start allows, as Jetty's own {@code NetworkConnectionLimit} does for its fixed
 * limit; the connections it leaves in the shared queue go to the other workers.
 */
final class AcceptGate implements SelectorManager.AcceptListener {

	private final AbstractConnector connector;

	private final ConnectionLimit limit;

	private long held;

	private boolean stoppedAccepting;

	AcceptGate(AbstractConnector connector, ConnectionLimit limit) {
		this.connector = connector;
		this.limit = limit;
		limit.onChange(this::update);
	}

	/**
	 * Counted here, on the acceptor's thread before it accepts again, as Jetty's own
	 * limit counts a pending connection: {@code onAccepted} comes later, from a selector.
	 */
	@Override
	public void onAccepting(SelectableChannel channel) {
		synchronized (this) {
			this.held++;
		}
		update();
	}

	@Override
	public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
		synchronized (this) {
			this.held--;
		}
		update();
	}

	@Override
	public void onClosed(SelectableChannel channel) {
		synchronized (this) {
			this.held--;
		}
		update();
	}

	/**
	 * Under the lock, so that the last change decides, whichever thread makes it. It
	 * turns accepting back on only where it turned it off: Jetty's own connection limit
	 * ({@code server.jetty.max-connections}) turns it off too.
	 */
	private synchronized void update() {
		boolean admits = this.limit.admits(this.held);
		if (!admits && this.connector.isAccepting()) {
			this.connector.setAccepting(false);
			this.stoppedAccepting = true;
		}
		else if (admits && this.stoppedAccepting) {
			this.connector.setAccepting(true);
			this.stoppedAccepting = false;
		}
	}

}
