package dev.clusterboot.supervisor.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.clusterboot.channel.RecordingPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.ScrapeFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ScrapeFanIn}: what the worker that was scraped gets back.
 */
class ScrapeFanInTests {

	private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

	private final SupervisorMeters meters = new SupervisorMeters(Stream::empty);

	private final ScrapeFanIn fanIn = new ScrapeFanIn(Duration.ofSeconds(5), this.meters);

	private final RecordingPeer requester = new RecordingPeer(0);

	private final RecordingPeer other = new RecordingPeer(1);

	@Test
	void everyWorkersShareIsMergedWithItsLabel() {
		ask();
		answer(this.requester, "# TYPE up gauge\nup 1\n");
		answer(this.other, "# TYPE up gauge\nup 1\n");
		ToWorker.ClusterScrapeAnswer answer = merged(this.requester);
		assertThat(answer.error()).isNull();
		assertThat(answer.text()).contains("up{worker=\"0\"} 1").contains("up{worker=\"1\"} 1");
	}

	@Test
	void aMergeTooLargeForTheChannelIsAClearErrorNotALostConnection() {
		ask();
		String large = "# TYPE big gauge\n" + "big{id=\"x\"} 1\n".repeat(600_000);
		answer(this.requester, large);
		answer(this.other, large);
		ToWorker.ClusterScrapeAnswer answer = merged(this.requester);
		assertThat(answer.text()).isNull();
		assertThat(answer.error()).contains("more than the channel carries").contains("includedNames");
	}

	private void ask() {
		this.fanIn.start(this.requester, new ToSupervisor.ClusterScrapeQuery("q", ScrapeFormat.PROMETHEUS_TEXT, null),
				Map.of(0, this.requester, 1, this.other), T0);
	}

	private void answer(RecordingPeer worker, String text) {
		ToWorker.ScrapeShareQuery query = worker.sent(ToWorker.ScrapeShareQuery.class).get(0);
		this.fanIn.accept(new ToSupervisor.ScrapeShare(query.id(), text), T0);
	}

	private static ToWorker.ClusterScrapeAnswer merged(RecordingPeer requester) {
		return requester.sent(ToWorker.ClusterScrapeAnswer.class).get(0);
	}

}
