package dev.clusterboot.supervisor.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EndpointFanIn}: which workers a request reaches, and what the asking
 * worker gets back.
 */
class EndpointFanInTests {

	private static final Instant T0 = Instant.parse("2026-12-02T00:00:00Z");

	private static final EndpointRequest THREAD_DUMP = new EndpointRequest("GET", "threaddump", Map.of(), null);

	private final LoggerLevels levels = new LoggerLevels();

	private final EndpointFanIn fanIn = new EndpointFanIn(Duration.ofSeconds(5), this.levels);

	private final Peer requester = new Peer(0);

	private final Peer other = new Peer(1);

	private final Map<Integer, ChannelPeer> ready = Map.of(0, this.requester, 1, this.other);

	@Test
	void aRequestForOneWorkerReachesThatWorkerAloneAndItsAnswerComesBack() {
		this.fanIn.start(this.requester, new ChannelMessage.EndpointQuery("q", 1, THREAD_DUMP), this.ready, T0);
		assertThat(this.requester.calls()).isEmpty();
		assertThat(this.other.calls()).singleElement()
			.extracting(ChannelMessage.EndpointCall::request)
			.isEqualTo(THREAD_DUMP);
		assertThat(this.requester.answers()).isEmpty();
		answer(this.other, new EndpointResponse(200, "application/json", "{}"));
		ChannelMessage.EndpointAnswer answer = this.requester.answers().get(0);
		assertThat(answer.id()).isEqualTo("q");
		assertThat(answer.responses()).containsOnlyKeys(1);
		assertThat(answer.missing()).isEmpty();
	}

	@Test
	void aRequestForAWorkerThatIsNotReadyIsAnsweredAtOnceWithNothing() {
		this.fanIn.start(this.requester, new ChannelMessage.EndpointQuery("q", 7, THREAD_DUMP), this.ready, T0);
		ChannelMessage.EndpointAnswer answer = this.requester.answers().get(0);
		assertThat(answer.responses()).isEmpty();
		assertThat(answer.missing()).isEmpty();
		assertThat(this.fanIn.nextDeadline()).isNull();
	}

	@Test
	void aRequestForEveryWorkerWaitsForAllThenNamesThoseThatDidNotAnswerInTime() {
		this.fanIn.start(this.requester, new ChannelMessage.EndpointQuery("q", null, THREAD_DUMP), this.ready, T0);
		answer(this.requester, EndpointResponse.empty(204));
		assertThat(this.requester.answers()).isEmpty();
		assertThat(this.fanIn.nextDeadline()).isEqualTo(T0.plusSeconds(5));
		this.fanIn.finishDone(T0.plusSeconds(5));
		assertThat(this.requester.answers()).isEmpty();
		this.fanIn.finishDone(T0.plusSeconds(6));
		ChannelMessage.EndpointAnswer answer = this.requester.answers().get(0);
		assertThat(answer.responses()).containsOnlyKeys(0);
		assertThat(answer.missing()).containsExactly(1);
		assertThat(this.fanIn.nextDeadline()).isNull();
	}

	@Test
	void loggerLevelsSetForEveryWorkerAreKeptButNotThoseSetForOne() {
		this.fanIn.start(this.requester,
				new ChannelMessage.EndpointQuery("a", null,
						new EndpointRequest("POST", "loggers/com.example", Map.of("configuredLevel", "debug"), null)),
				this.ready, T0);
		this.fanIn.start(this.requester,
				new ChannelMessage.EndpointQuery("b", 1,
						new EndpointRequest("POST", "loggers/org.other", Map.of("configuredLevel", "TRACE"), null)),
				this.ready, T0);
		assertThat(this.levels.levels()).containsExactly(Map.entry("com.example", "DEBUG"));
	}

	private void answer(Peer worker, EndpointResponse response) {
		this.fanIn.accept(new ChannelMessage.EndpointResult(worker.calls().get(0).id(), response), T0);
	}

	/** A worker's connection that records what it is sent. */
	private static final class Peer implements ChannelPeer {

		private final int instance;

		private final List<ChannelMessage.ToWorker> sent = new ArrayList<>();

		Peer(int instance) {
			this.instance = instance;
		}

		List<ChannelMessage.EndpointCall> calls() {
			return this.sent.stream()
				.filter(ChannelMessage.EndpointCall.class::isInstance)
				.map(ChannelMessage.EndpointCall.class::cast)
				.toList();
		}

		List<ChannelMessage.EndpointAnswer> answers() {
			return this.sent.stream()
				.filter(ChannelMessage.EndpointAnswer.class::isInstance)
				.map(ChannelMessage.EndpointAnswer.class::cast)
				.toList();
		}

		@Override
		public int instance() {
			return this.instance;
		}

		@Override
		public long pid() {
			return 100 + this.instance;
		}

		@Override
		public String secret() {
			return "secret-" + this.instance;
		}

		@Override
		public boolean send(ChannelMessage.ToWorker message) {
			return this.sent.add(message);
		}

		@Override
		public void close() {
		}

	}

}
