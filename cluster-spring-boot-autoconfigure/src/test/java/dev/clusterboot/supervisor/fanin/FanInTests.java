package dev.clusterboot.supervisor.fanin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.RecordingPeer;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.ScrapeFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FanIn}: when a question is finished, and with which answers and which
 * workers missing.
 */
class FanInTests {

	private static final Instant T0 = Instant.parse("2026-12-04T00:00:00Z");

	private final FanIn<String> fanIn = new FanIn<>(Duration.ofSeconds(5));

	private final RecordingPeer zero = new RecordingPeer(0);

	private final RecordingPeer one = new RecordingPeer(1);

	private final RecordingPeer two = new RecordingPeer(2);

	private final List<Finished> finished = new ArrayList<>();

	@Test
	void eachWorkerIsAskedWithAnIdOfItsOwnAndTheAnswersComeInIndexOrderOnceAllAreIn() {
		ask(Map.of(2, this.two, 0, this.zero, 1, this.one), T0);
		List<String> ids = List.of(id(this.zero), id(this.one), id(this.two));
		assertThat(ids).doesNotHaveDuplicates();
		this.fanIn.accept(ids.get(2), "two", T0);
		this.fanIn.accept(ids.get(0), "zero", T0);
		assertThat(this.finished).isEmpty();
		this.fanIn.accept(ids.get(1), "one", T0.plusSeconds(1));
		assertThat(this.finished).singleElement().satisfies((done) -> {
			assertThat(done.answers()).containsExactly(Map.entry(0, "zero"), Map.entry(1, "one"), Map.entry(2, "two"));
			assertThat(done.missing()).isEmpty();
		});
		assertThat(this.fanIn.nextDeadline()).isNull();
	}

	@Test
	void atTheTimeoutTheQuestionIsFinishedWithoutThoseThatDidNotAnswerAndTheirLateAnswerIsDropped() {
		ask(Map.of(0, this.zero, 1, this.one, 2, this.two), T0);
		this.fanIn.accept(id(this.one), "one", T0);
		assertThat(this.fanIn.nextDeadline()).isEqualTo(T0.plusSeconds(5));
		this.fanIn.finishDone(T0.plusSeconds(5));
		assertThat(this.finished).isEmpty();
		this.fanIn.finishDone(T0.plusSeconds(6));
		assertThat(this.finished).singleElement().satisfies((done) -> {
			assertThat(done.answers()).containsOnlyKeys(1);
			assertThat(done.missing()).containsExactly(0, 2);
		});
		this.fanIn.accept(id(this.zero), "zero", T0.plusSeconds(7));
		assertThat(this.finished).hasSize(1);
	}

	@Test
	void aWorkerThatCouldNotAnswerAndOneWhoseChannelRefusedTheQuestionAreMissingAtOnce() {
		this.two.close();
		ask(Map.of(0, this.zero, 1, this.one, 2, this.two), T0);
		assertThat(this.two.sent(ToWorker.ScrapeShareQuery.class)).isEmpty();
		this.fanIn.accept(id(this.zero), "zero", T0);
		this.fanIn.accept(id(this.one), null, T0);
		assertThat(this.finished).singleElement().satisfies((done) -> {
			assertThat(done.answers()).containsOnlyKeys(0);
			assertThat(done.missing()).containsExactly(1, 2);
		});
	}

	@Test
	void aQuestionForNoWorkerIsFinishedAtOnceWithNothing() {
		ask(Map.of(), T0);
		assertThat(this.finished).singleElement().satisfies((done) -> {
			assertThat(done.answers()).isEmpty();
			assertThat(done.missing()).isEmpty();
		});
		assertThat(this.fanIn.nextDeadline()).isNull();
	}

	@Test
	void questionsAskedTogetherAreFinishedEachOnItsOwnAndTheWaitIsForTheEarliest() {
		ask(Map.of(0, this.zero), T0);
		ask(Map.of(0, this.zero), T0.plusSeconds(2));
		List<ToWorker.ScrapeShareQuery> questions = this.zero.sent(ToWorker.ScrapeShareQuery.class);
		assertThat(this.fanIn.nextDeadline()).isEqualTo(T0.plusSeconds(5));
		this.fanIn.accept(questions.get(1).id(), "second", T0.plusSeconds(3));
		assertThat(this.finished).singleElement()
			.satisfies((done) -> assertThat(done.answers()).containsValue("second"));
		assertThat(this.fanIn.nextDeadline()).isEqualTo(T0.plusSeconds(5));
		this.fanIn.finishDone(T0.plusSeconds(6));
		assertThat(this.finished).hasSize(2);
		assertThat(this.finished.get(1).missing()).containsExactly(0);
	}

	private void ask(Map<Integer, ChannelPeer> workers, Instant now) {
		this.fanIn.ask(workers, (id) -> new ToWorker.ScrapeShareQuery(id, ScrapeFormat.PROMETHEUS_TEXT, null),
				this::finished, now);
	}

	private void finished(Map<Integer, String> answers, List<Integer> missing) {
		this.finished.add(new Finished(new LinkedHashMap<>(answers), List.copyOf(missing)));
	}

	private static String id(RecordingPeer peer) {
		return peer.sent(ToWorker.ScrapeShareQuery.class).get(0).id();
	}

	private record Finished(Map<Integer, String> answers, List<Integer> missing) {
	}

}
