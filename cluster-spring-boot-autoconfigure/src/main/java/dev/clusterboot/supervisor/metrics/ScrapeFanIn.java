package dev.clusterboot.supervisor.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.supervisor.fanin.FanIn;

/**
 * Cluster-wide Prometheus scrapes, each asked through one worker's {@code prometheus}
 * endpoint: every ready worker is asked for its own scrape at once, and the asking worker
 * gets the merge once all have answered or {@code cluster.scrape-timeout} has passed,
 * without those that did not answer, which are counted. Lives on the supervisor's loop
 * thread.
 */
public final class ScrapeFanIn {

	private final FanIn<String> fanIn;

	private final SupervisorMeters meters;

	/**
	 * Create the fan-in.
	 * @param timeout how long a scrape waits for each worker
	 * @param meters the supervisor's meters, merged into each scrape, which count the
	 * workers left out
	 */
	public ScrapeFanIn(Duration timeout, SupervisorMeters meters) {
		this.fanIn = new FanIn<>(timeout);
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
		this.fanIn.ask(ready, (id) -> new ToWorker.ScrapeShareQuery(id, query.format(), query.names()),
				(texts, missing) -> finish(requester, query, texts, missing), now);
	}

	/**
	 * Take a worker's share, if a scrape waits for it.
	 * @param share the worker's answer
	 * @param now the time
	 */
	public void accept(ToSupervisor.ScrapeShare share, Instant now) {
		this.fanIn.accept(share.id(), share.text(), now);
	}

	/**
	 * Answer the scrapes whose time is up, without the workers that did not answer.
	 * @param now the time
	 */
	public void finishDone(Instant now) {
		this.fanIn.finishDone(now);
	}

	/** When the earliest running scrape is due, or {@code null} when none runs. */
	public @Nullable Instant nextDeadline() {
		return this.fanIn.nextDeadline();
	}

	private void finish(ChannelPeer requester, ToSupervisor.ClusterScrapeQuery query, Map<Integer, String> texts,
			List<Integer> missing) {
		missing.forEach(this.meters::scrapeMissed);
		ScrapeMerge merge = new ScrapeMerge().add(this.meters.scrape(query.format()));
		texts.forEach((worker, text) -> merge.add(text, worker));
		String text = merge.text();
		if (text.length() > ChannelMessage.MAX_SCRAPE_CHARS) {
			// As JSON on the channel it would pass the line limit, and cost the
			// connection.
			requester.send(new ToWorker.ClusterScrapeAnswer(query.id(), null,
					"the cluster-wide scrape is " + text.length() + " characters, more than the channel carries ("
							+ ChannelMessage.MAX_SCRAPE_CHARS
							+ "): scrape fewer meters (includedNames), or each worker on its own"));
			return;
		}
		requester.send(new ToWorker.ClusterScrapeAnswer(query.id(), text, null));
	}

}
