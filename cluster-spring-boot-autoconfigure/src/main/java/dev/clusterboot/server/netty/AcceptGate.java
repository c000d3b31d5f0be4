package dev.clusterboot.server.netty;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServer;

import dev.clusterboot.worker.ConnectionLimit;

/**
 * Stops the listening channel's reads, and so its accepts, while the server holds as many
 * connections as the worker's slow start allows; the connections it leaves in the shared
 * queue go to the other workers. Netty may accept a few at once before the count catches
 * up: the limit is a soft one.
 */
final class AcceptGate {

	private final ConnectionLimit limit;

	private long held;

	private @Nullable Channel listening;

	/** Whether reads are off, set and read on the listening channel's loop only. */
	private volatile boolean readsOff;

	AcceptGate(ConnectionLimit limit) {
		this.limit = limit;
		limit.onChange(this::update);
	}

	HttpServer apply(HttpServer server) {
		return server.doOnBound((bound) -> {
			synchronized (this) {
				this.listening = bound.channel();
			}
			update();
		}).doOnChannelInit((observer, channel, remoteAddress) -> {
			// Without a limit, and so for good: nothing to count.
			if (channel.parent() == null || this.limit.max() == ConnectionLimit.NONE) {
				return;
			}
			synchronized (this) {
				this.held++;
			}
			update();
			channel.closeFuture().addListener((closed) -> {
				synchronized (this) {
					this.held--;
				}
				update();
			});
		});
	}

	/**
	 * On the listening channel's own event loop, where Netty changes its interest in
	 * reads at once; from other threads, such changes are queued to that loop and can
	 * overtake each other.
	 */
	private void update() {
		if (this.limit.max() == ConnectionLimit.NONE && !this.readsOff) {
			return;
		}
		Channel channel;
		synchronized (this) {
			channel = this.listening;
		}
		if (channel == null) {
			return;
		}
		if (!channel.eventLoop().inEventLoop()) {
			channel.eventLoop().execute(this::update);
			return;
		}
		boolean accept;
		synchronized (this) {
			accept = this.limit.admits(this.held);
		}
		if (!accept) {
			channel.config().setAutoRead(false);
			this.readsOff = true;
		}
		else if (this.readsOff) {
			channel.config().setAutoRead(true);
			// A read asked for again: connections that queued meanwhile are accepted now,
			// not only at the next one's arrival.
			channel.read();
			this.readsOff = false;
		}
	}

}
