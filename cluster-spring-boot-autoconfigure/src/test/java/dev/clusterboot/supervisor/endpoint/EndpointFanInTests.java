package dev.clusterboot.supervisor.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.RecordingPeer;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
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

	private final RecordingPeer requester = new RecordingPeer(0);

	private final RecordingPeer other = new RecordingPeer(1);

	private final Map<Integer, ChannelPeer> ready = Map.of(0, this.requester, 1, this.other);

	@Test
	void aRequestForOneWorkerReachesThatWorkerAloneAndItsAnswerComesBack() {
		this.fanIn.start(this.requester, new ToSupervisor.EndpointQuery("q", 1, THREAD_DUMP), this.ready, T0);
		assertThat(this.requester.sent(ToWorker.EndpointCall.class)).isEmpty();
		assertThat(this.other.sent(ToWorker.EndpointCall.class)).singleElement()
			.extracting(ToWorker.EndpointCall::request)
			.isEqualTo(THREAD_DUMP);
		assertThat(this.requester.sent(ToWorker.EndpointAnswer.class)).isEmpty();
		answer(this.other, new EndpointResponse(200, "application/json", "{}"));
		ToWorker.EndpointAnswer answer = this.requester.sent(ToWorker.EndpointAnswer.class).get(0);
		assertThat(answer.id()).isEqualTo("q");
		assertThat(answer.responses()).containsOnlyKeys(1);
		assertThat(answer.missing()).isEmpty();
	}

	@Test
	void aRequestForAWorkerThatIsNotReadyIsAnsweredAtOnceWithNothing() {
		this.fanIn.start(this.requester, new ToSupervisor.EndpointQuery("q", 7, THREAD_DUMP), this.ready, T0);
		ToWorker.EndpointAnswer answer = this.requester.sent(ToWorker.EndpointAnswer.class).get(0);
		assertThat(answer.responses()).isEmpty();
		assertThat(answer.missing()).isEmpty();
		assertThat(this.fanIn.nextDeadline()).isNull();
	}

	@Test
	void aRequestForEveryWorkerWaitsForAllThenNamesThoseThatDidNotAnswerInTime() {
		this.fanIn.start(this.requester, new ToSupervisor.EndpointQuery("q", null, THREAD_DUMP), this.ready, T0);
		answer(this.requester, EndpointResponse.empty(204));
		assertThat(this.requester.sent(ToWorker.EndpointAnswer.class)).isEmpty();
		assertThat(this.fanIn.nextDeadline()).isEqualTo(T0.plusSeconds(5));
		this.fanIn.finishDone(T0.plusSeconds(5));
		assertThat(this.requester.sent(ToWorker.EndpointAnswer.class)).isEmpty();
		this.fanIn.finishDone(T0.plusSeconds(6));
		ToWorker.EndpointAnswer answer = this.requester.sent(ToWorker.EndpointAnswer.class).get(0);
		assertThat(answer.responses()).containsOnlyKeys(0);
		assertThat(answer.missing()).containsExactly(1);
		assertThat(this.fanIn.nextDeadline()).isNull();
	}

	@Test
	void loggerLevelsSetForEveryWorkerAreKeptButNotThoseSetForOne() {
		this.fanIn.start(this.requester,
				new ToSupervisor.EndpointQuery("a", null,
						new EndpointRequest("POST", "loggers/com.example", Map.of("configuredLevel", "debug"), null)),
				this.ready, T0);
		this.fanIn.start(this.requester,
				new ToSupervisor.EndpointQuery("b", 1,
						new EndpointRequest("POST", "loggers/org.other", Map.of("configuredLevel", "TRACE"), null)),
				this.ready, T0);
		assertThat(this.levels.levels()).containsExactly(Map.entry("com.example", "DEBUG"));
	}

	private void answer(RecordingPeer worker, EndpointResponse response) {
		this.fanIn.accept(
				new ToSupervisor.EndpointResult(worker.sent(ToWorker.EndpointCall.class).get(0).id(), response), T0);
	}

}
