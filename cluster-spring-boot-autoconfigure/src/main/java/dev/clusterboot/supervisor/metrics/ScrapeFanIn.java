package dev.clusterboot.supervisor.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;

/**
 * Cluster-wide Prometheus scrapes, each asked through one worker's {@code prometheus}
 * endpoint: every ready worker is asked for its own scrape at once, and the asking worker
 * gets the merge once all have answered or {@code cluster.scrape-timeout} has passed,
 * without those that did not answer, which are counted. Lives on the supervisor's loop
 * thread.
 */
public final class ScrapeFanIn {

	private final Duration timeout;

	private final SupervisorMeters meters;

	private final List<Scrape> scrapes = new ArrayList<>();

	/**
	 * Create the fan-in.
	 * @param timeout how long a scrape waits for each worker
	 * @param meters the supervisor's meters, merged into each scrape, which count the
	 * workers left out
	 */
	public ScrapeFanIn(Duration timeout, SupervisorMeters meters) {
		this.timeout = timeout;
		this.meters = meters;
	}

	/**
	 * Ask every ready worker for its share.
	 * @param requester the worker whose endpoint was scraped
	 * @param query its query
	 * @param ready the ready workers by index
	 * @param now the time
	 */
	public void start(ChannelPeer requester, ToSupervisor.ClusterScrapeQuery query, Map<Integer, ChannelPeer> ready,
			Instant now) {
		Scrape scrape = new Scrape(requester, query, now.plus(this.timeout));
		ready.forEach((index, peer) -> {
			String id = UUID.randomUUID().toString();
			if (peer.send(new ToWorker.ScrapeShareQuery(id, query.format(), query.names()))) {
				scrape.pending.put(id, index);
			}
		});
		this.scrapes.add(scrape);
		finishDone(now);
	}

	/**
	 * Take a worker's share, if a scrape waits for it.
	 * @param share the worker's answer
	 * @param now the time
	 */
	public void accept(ToSupervisor.ScrapeShare share, Instant now) {
		for (Scrape scrape : this.scrapes) {
			if (scrape.accept(share)) {
				break;
			}
		}
		finishDone(now);
	}

	/**
	 * Answer the scrapes whose time is up, without the workers that did not answer.
	 * @param now the time
	 */
	public void finishDone(Instant now) {
		this.scrapes.removeIf((scrape) -> {
			if (scrape.pending.isEmpty() || now.isAfter(scrape.deadline)) {
				scrape.finish(this.meters);
				return true;
			}
			return false;
		});
	}

	/** When the earliest running scrape is due, or {@code null} when none runs. */
	public @Nullable Instant nextDeadline() {
		return this.scrapes.stream().map((scrape) -> scrape.deadline).min(Instant::compareTo).orElse(null);
	}

	private static final class Scrape {

		private final ChannelPeer requester;

		private final ToSupervisor.ClusterScrapeQuery query;

		private final Instant deadline;

		/**
		 * The queries sent to workers that have not answered yet: query id to worker
		 * index.
		 */
		private final Map<String, Integer> pending = new HashMap<>();

		private final Map<Integer, String> texts = new TreeMap<>();

		/** Workers that answered without a scrape. */
		private final List<Integer> failed = new ArrayList<>();

		Scrape(ChannelPeer requester, ToSupervisor.ClusterScrapeQuery query, Instant deadline) {
			this.requester = requester;
			this.query = query;
			this.deadline = deadline;
		}

		boolean accept(ToSupervisor.ScrapeShare share) {
			Integer worker = this.pending.remove(share.id());
			if (worker == null) {
				return false;
			}
			if (share.text() != null) {
				this.texts.put(worker, share.text());
			}
			else {
				this.failed.add(worker);
			}
			return true;
		}

		void finish(SupervisorMeters meters) {
			List<Integer> missing = new ArrayList<>(this.pending.values());
			missing.addAll(this.failed);
			missing.forEach(meters::scrapeMissed);
			ScrapeMerge merge = new ScrapeMerge().add(meters.scrape(this.query.format()));
			this.texts.forEach((worker, text) -> merge.add(text, worker));
			String text = merge.text();
			if (text.length() > ChannelMessage.MAX_SCRAPE_CHARS) {
				// As JSON on the channel it would pass the line limit, and cost the
				// connection.
				this.requester.send(new ToWorker.ClusterScrapeAnswer(this.query.id(), null,
						"the cluster-wide scrape is " + text.length() + " characters, more than the channel carries ("
								+ ChannelMessage.MAX_SCRAPE_CHARS
								+ "): scrape fewer meters (includedNames), or each worker on its own"));
				return;
			}
			this.requester.send(new ToWorker.ClusterScrapeAnswer(this.query.id(), text, null));
		}

	}

}
