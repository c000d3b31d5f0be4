package dev.clusterboot.supervisor.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.supervisor.fanin.FanIn;

/**
 * Actuator requests that one worker's endpoint hands to one worker or to every ready
 * worker: each is sent to the workers it is for at once, and the asking worker gets their
 * answers once all have answered or the timeout has passed, with those that did not
 * answer named. Lives on the supervisor's loop thread.
 */
public final class EndpointFanIn {

	private final FanIn<EndpointResponse> fanIn;

	private final LoggerLevels loggerLevels;

	/**
	 * Create the fan-in.
	 * @param timeout how long a request waits for each worker
	 * @param loggerLevels where the logger levels set for every worker are kept
	 */
	public EndpointFanIn(Duration timeout, LoggerLevels loggerLevels) {
		this.fanIn = new FanIn<>(timeout);
		this.loggerLevels = loggerLevels;
	}

	/**
	 * Hand a request to the workers it is for.
	 * @param requester the worker whose endpoint took it
	 * @param query the request, and for which workers
	 * @param ready the ready workers by index
	 * @param now the time
	 */
	public void start(ChannelPeer requester, ToSupervisor.EndpointQuery query, Map<Integer, ChannelPeer> ready,
			Instant now) {
		Integer instance = query.instance();
		Map<Integer, ChannelPeer> targets = ready;
		if (instance == null) {
			this.loggerLevels.observe(query.request());
		}
		else {
			ChannelPeer one = ready.get(instance);
			targets = (one != null) ? Map.of(instance, one) : Map.of();
		}
		this.fanIn.ask(targets, (id) -> new ToWorker.EndpointCall(id, query.request()),
				(responses, missing) -> requester.send(new ToWorker.EndpointAnswer(query.id(), responses, missing)),
				now);
	}

	/**
	 * Take a worker's answer, if a request waits for it.
	 * @param result the worker's answer
	 * @param now the time
	 */
	public void accept(ToSupervisor.EndpointResult result, Instant now) {
		this.fanIn.accept(result.id(), result.response(), now);
	}

	/**
	 * Answer the requests that every worker answered, and those whose time is up.
	 * @param now the time
	 */
	public void finishDone(Instant now) {
		this.fanIn.finishDone(now);
	}

	/** When the earliest running request is due, or {@code null} when none runs. */
	public @Nullable Instant nextDeadline() {
		return this.fanIn.nextDeadline();
	}

}
