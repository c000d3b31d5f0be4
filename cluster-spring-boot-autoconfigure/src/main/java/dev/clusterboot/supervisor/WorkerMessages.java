package dev.clusterboot.supervisor;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ChannelServer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.supervisor.endpoint.EndpointFanIn;
import dev.clusterboot.supervisor.metrics.ScrapeFanIn;

/**
 * What workers say on the channel, taken to the supervisor's loop: channel threads only
 * queue an event, and each message is handled on the loop thread by a {@link Dispatch},
 * one method per kind of message.
 */
final class WorkerMessages implements ChannelServer.Listener {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final Supervisor supervisor;

	private final WorkerPool pool;

	private final ScrapeFanIn scrapes;

	private final EndpointFanIn endpoints;

	private final MessageRelay relay;

	private final Liveness liveness;

	private final Rotation rotation;

	private final Consumer<Runnable> loop;

	private final Clock clock;

	WorkerMessages(Supervisor supervisor, WorkerPool pool, ScrapeFanIn scrapes, EndpointFanIn endpoints,
			MessageRelay relay, Liveness liveness, Rotation rotation, Consumer<Runnable> loop, Clock clock) {
		this.supervisor = supervisor;
		this.pool = pool;
		this.scrapes = scrapes;
		this.endpoints = endpoints;
		this.relay = relay;
		this.liveness = liveness;
		this.rotation = rotation;
		this.loop = loop;
		this.clock = clock;
	}

	@Override
	public void connected(ChannelPeer peer) {
		this.loop.accept(() -> {
			WorkerProcess process = this.pool.claimedBy(peer);
			if (process == null) {
				logger.warn("Rejected a channel connection claiming worker " + peer.instance() + ", pid " + peer.pid()
						+ ": no such running worker");
				peer.close();
				return;
			}
			if (process.peer() != null) {
				// One connection per JVM: a second hello for a live slot is someone
				// else's.
				logger.warn("Rejected a second channel connection claiming worker " + peer.instance() + ", pid "
						+ peer.pid() + ": that worker is connected already");
				peer.close();
				return;
			}
			process.connected(peer);
		});
	}

	@Override
	public void received(ChannelPeer peer, ToSupervisor message) {
		this.loop.accept(() -> message.accept(new Dispatch(peer, this.clock.instant())));
	}

	@Override
	public void disconnected(ChannelPeer peer) {
		// The worker's exit, noticed through its process, is what counts.
	}

	/** One message from one worker, on the loop thread. */
	private final class Dispatch implements ToSupervisor.Handler {

		private final ChannelPeer peer;

		private final Instant now;

		Dispatch(ChannelPeer peer, Instant now) {
			this.peer = peer;
			this.now = now;
			// Whatever it says, it is alive.
			WorkerProcess process = WorkerMessages.this.pool.connectedAs(peer);
			if (process != null) {
				process.heard();
			}
		}

		@Override
		public void pong(ToSupervisor.Pong message) {
			// Heard, above: that is all a pong says.
		}

		@Override
		public void broken(ToSupervisor.Broken message) {
			WorkerProcess process = WorkerMessages.this.pool.connectedAs(this.peer);
			if (process != null) {
				WorkerMessages.this.liveness.broken(process);
			}
		}

		@Override
		public void progress(ToSupervisor.Progress message) {
			WorkerProcess process = WorkerMessages.this.pool.connectedAs(this.peer);
			if (process != null) {
				process.progressed(this.now);
			}
		}

		/**
		 * A worker is ready: it serves, or, a replacement, takes its slot over in the
		 * next step.
		 */
		@Override
		public void online(ToSupervisor.Online message) {
			WorkerPool pool = WorkerMessages.this.pool;
			WorkerProcess process = pool.connectedAs(this.peer);
			if (process == null || !process.online(message, this.now)) {
				return;
			}
			logger.info(process.describe() + " is ready after " + process.uptime(this.now).toMillis() + " ms");
			Slot slot = pool.slotOf(process);
			slot.ready();
			ClusterSockets resources = WorkerMessages.this.supervisor.resources();
			if (slot.current() == process) {
				WorkerMessages.this.rotation.enter(process);
			}
			if (pool.firstReady()) {
				pool.reviveGivenUpStarts(this.now)
					.forEach((revived) -> logger.info("worker " + revived.index()
							+ " is restarted: another worker is ready, so the app can start"));
			}
			if (pool.allReadyForTheFirstTime()) {
				Integer port = resources.port();
				logger.info("All " + pool.slots().size() + " workers are ready"
						+ ((port != null) ? " on port " + port : ""));
			}
		}

		@Override
		public void startFailed(ToSupervisor.StartFailed message) {
			// Kept by the slot: the JVM may be reaped before this is read.
			Slot slot = WorkerMessages.this.pool.slotServedBy(this.peer);
			if (slot != null) {
				slot.startFailed(message.explanation());
			}
		}

		@Override
		public void statusQuery(ToSupervisor.StatusQuery query) {
			this.peer.send(new ToWorker.StatusAnswer(query.id(),
					WorkerMessages.this.supervisor.status(query.usage(), this.now)));
		}

		@Override
		public void operationQuery(ToSupervisor.OperationQuery query) {
			this.peer.send(new ToWorker.OperationAnswer(query.id(),
					WorkerMessages.this.supervisor.submit(query.request(), "through the Actuator endpoint", this.now)));
		}

		@Override
		public void clusterScrapeQuery(ToSupervisor.ClusterScrapeQuery query) {
			WorkerMessages.this.scrapes.start(this.peer, query, WorkerMessages.this.pool.readyPeers(), this.now);
		}

		@Override
		public void scrapeShare(ToSupervisor.ScrapeShare share) {
			WorkerMessages.this.scrapes.accept(share, this.now);
		}

		@Override
		public void endpointQuery(ToSupervisor.EndpointQuery query) {
			WorkerMessages.this.endpoints.start(this.peer, query, WorkerMessages.this.pool.readyPeers(), this.now);
		}

		@Override
		public void endpointResult(ToSupervisor.EndpointResult result) {
			WorkerMessages.this.endpoints.accept(result, this.now);
		}

		@Override
		public void appMessage(ToSupervisor.AppMessage message) {
			WorkerMessages.this.relay.relay(this.peer, message, WorkerMessages.this.pool.readyPeers());
		}

	}

}
