package dev.clusterboot.supervisor.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.EndpointResponse;

/**
 * Actuator requests that one worker's endpoint hands to one worker or to every ready
 * worker: each is sent to the workers it is for at once, and the asking worker gets their
 * answers once all have answered or the timeout has passed, with those that did not
 * answer named. Lives on the supervisor's loop thread.
 */
public final class EndpointFanIn {

	private final Duration timeout;

	private final LoggerLevels loggerLevels;

	private final List<Call> calls = new ArrayList<>();

	/**
	 * Create the fan-in.
	 * @param timeout how long a request waits for each worker
	 * @param loggerLevels where the logger levels set for every worker are kept
	 */
	public EndpointFanIn(Duration timeout, LoggerLevels loggerLevels) {
		this.timeout = timeout;
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
		Call call = new Call(requester, query.id(), now.plus(this.timeout));
		Integer instance = query.instance();
		if (instance == null) {
			this.loggerLevels.observe(query.request());
		}
		ready.forEach((index, peer) -> {
			if (instance == null || instance.equals(index)) {
				String id = UUID.randomUUID().toString();
				if (peer.send(new ToWorker.EndpointCall(id, query.request()))) {
					call.pending.put(id, index);
				}
			}
		});
		this.calls.add(call);
		finishDone(now);
	}

	/**
	 * Take a worker's answer, if a request waits for it.
	 * @param result the worker's answer
	 * @param now the time
	 */
	public void accept(ToSupervisor.EndpointResult result, Instant now) {
		for (Call call : this.calls) {
			Integer worker = call.pending.remove(result.id());
			if (worker != null) {
				call.responses.put(worker, result.response());
				break;
			}
		}
		finishDone(now);
	}

	/**
	 * Answer the requests that every worker answered, and those whose time is up.
	 * @param now the time
	 */
	public void finishDone(Instant now) {
		this.calls.removeIf((call) -> {
			if (call.pending.isEmpty() || now.isAfter(call.deadline)) {
				call.requester
					.send(new ToWorker.EndpointAnswer(call.id, call.responses, new ArrayList<>(call.pending.values())));
				return true;
			}
			return false;
		});
	}

	/** When the earliest running request is due, or {@code null} when none runs. */
	public @Nullable Instant nextDeadline() {
		return this.calls.stream().map((call) -> call.deadline).min(Instant::compareTo).orElse(null);
	}

	private static final class Call {

		private final ChannelPeer requester;

		private final String id;

		private final Instant deadline;

		/** The calls sent to workers that have not answered yet: call id to index. */
		private final Map<String, Integer> pending = new HashMap<>();

		private final Map<Integer, EndpointResponse> responses = new TreeMap<>();

		Call(ChannelPeer requester, String id, Instant deadline) {
			this.requester = requester;
			this.id = id;
			this.deadline = deadline;
		}

	}

}
