package dev.clusterboot.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.channel.ChannelServer;

/**
 * One cluster-wide Prometheus scrape, asked through one worker's {@code prometheus} endpoint: the
 * supervisor asks every ready worker for its own scrape at once, and answers with the merge when
 * all have answered or the timeout has passed, leaving out the workers that did not answer. Lives
 * on the supervisor's loop thread.
 */
final class ClusterScrape {

	/** The channel operation, both from the asking worker and to every worker. */
	static final String OPERATION = "scrape";

	private final ChannelServer.Connection requester;

	private final String requestId;

	private final String argument;

	private final Instant deadline;

	/** The requests sent to workers that have not answered yet: request id to worker index. */
	private final Map<String, Integer> pending = new HashMap<>();

	private final Map<Integer, String> texts = new TreeMap<>();

	/** Workers that answered with an error. */
	private final List<Integer> failed = new ArrayList<>();

	private ClusterScrape(ChannelServer.Connection requester, ChannelMessage request, Instant deadline) {
		this.requester = requester;
		this.requestId = request.id();
		this.argument = request.argument();
		this.deadline = deadline;
	}

	/**
	 * Ask every ready worker for its scrape.
	 * @param requester the worker whose endpoint was scraped
	 * @param request its request; the argument names the format and the included meters
	 * @param workers the worker slots
	 * @param timeout how long to wait for the workers
	 * @return the scrape under way
	 */
	static ClusterScrape start(ChannelServer.Connection requester, ChannelMessage request, List<Worker> workers,
			Duration timeout) {
		ClusterScrape scrape = new ClusterScrape(requester, request, Instant.now().plus(timeout));
		for (Worker worker : workers) {
			if (worker.state == WorkerState.ONLINE && worker.connection != null) {
				String id = UUID.randomUUID().toString();
				scrape.pending.put(id, worker.id);
				if (!worker.connection.send(ChannelMessage.request(id, OPERATION, scrape.argument, null))) {
					scrape.pending.remove(id);
				}
			}
		}
		return scrape;
	}

	/**
	 * Take a worker's answer, if it is one this scrape waits for.
	 * @param response a response from a worker
	 * @return whether it belonged to this scrape
	 */
	boolean accept(ChannelMessage response) {
		Integer worker = this.pending.remove(response.id());
		if (worker == null) {
			return false;
		}
		if (response.status() != null && response.status() == 200 && response.body() != null
				&& response.body().get("text") instanceof String text) {
			this.texts.put(worker, text);
		}
		else {
			this.failed.add(worker);
		}
		return true;
	}

	boolean isDone(Instant now) {
		return this.pending.isEmpty() || now.isAfter(this.deadline);
	}

	Instant deadline() {
		return this.deadline;
	}

	/**
	 * Answer the asking worker with the merge of its own meters and every answer.
	 * @param meters the supervisor's meters, which also count the workers left out
	 */
	void finish(SupervisorMeters meters) {
		List<Integer> missing = new ArrayList<>(this.pending.values());
		missing.addAll(this.failed);
		missing.forEach(meters::scrapeMissed);
		boolean openMetrics = String.valueOf(this.argument).startsWith("CONTENT_TYPE_OPENMETRICS");
		ScrapeMerge merge = new ScrapeMerge().add(meters.scrape(openMetrics));
		this.texts.forEach((worker, text) -> merge.add(text, worker));
		this.requester.send(ChannelMessage.response(this.requestId, 200, Map.of("text", merge.text())));
	}

}
