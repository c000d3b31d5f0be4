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
			if (channel.parent() == null) {
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

	/** Under the lock, so that the last change decides, whichever thread makes it. */
	private synchronized void update() {
		if (this.listening == null) {
			return;
		}
		boolean accept = this.limit.admits(this.held);
		if (this.listening.config().isAutoRead() != accept) {
			this.listening.config().setAutoRead(accept);
		}
	}

}
