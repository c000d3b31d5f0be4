package dev.clusterboot.channel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.contract.WorkerStatus;
import dev.clusterboot.fuzz.Fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzzes the decoding of channel lines, as a worker or an impostor could send them: every
 * message kind, mutated. A line decodes to a message with every required field, or it is
 * refused as malformed; nothing else may come out (no other exception, no half-filled
 * message for a handler to trip on). {@code -Dfuzz.iterations} runs it longer.
 */
class MessageDecodingFuzzTests {

	private static final List<ChannelMessage> SEEDS = List.of(new ChannelMessage.Hello("c2VjcmV0", 1, 4242),
			new ToSupervisor.Progress(17), new ToSupervisor.Pong(3), new ToSupervisor.Broken(),
			new ToSupervisor.Online(4242, 8080, 8081, true, false), new ToSupervisor.StartFailed("Port in use"),
			new ToSupervisor.StatusQuery("q1", true),
			new ToSupervisor.OperationQuery("q2", new OperationRequest(Operation.SCALE, null, "+1")),
			new ToSupervisor.ClusterScrapeQuery("q3", ScrapeFormat.OPENMETRICS_TEXT, List.of("jvm_memory")),
			new ToSupervisor.ScrapeShare("q4", "# TYPE up gauge\nup 1\n"),
			new ToSupervisor.AppMessage("cache", "{\"key\":1}", "java.util.Map", 0, null), new ToWorker.Ping(9),
			new ToWorker.Shutdown(),
			new ToWorker.StatusAnswer("q1", new ClusterStatus("shared-socket", 8080, new ClusterStatus.Instances(2, 2),
					null, List.of(new WorkerStatus(0, 11L, WorkerState.ONLINE, 5, 0, 1.5, 1L << 20, "app.jar", null)))),
			new ToWorker.OperationAnswer("q2",
					new OperationOutcome.Accepted(new OperationReport("ab12", "reload",
							OperationReport.Progress.RUNNING, "replacing", Instant.EPOCH, null))),
			new ToWorker.ClusterScrapeAnswer("q3", null, "too large"),
			new ToWorker.ScrapeShareQuery("q4", ScrapeFormat.PROMETHEUS_TEXT, null),
			new ToWorker.Delivery("cache", "\"flush\"", "java.lang.String", -1));

	/** JSON fragments that make a mutation structural rather than random bytes alone. */
	private static final List<String> TOKENS = List.of("null", "true", "-1", "9223372036854775808", "1e999", "\"\"",
			"{}", "[]", "\"type\":\"hello\"", "\"type\":\"online\"", "\"type\":\"operation-query\"", "\"\\u0000\"",
			"\"\\ud800\"", "[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":", ",", ":", "\"type\":null", "\n", "\r");

	@Test
	void everyValidMessageDecodesToItself() throws Exception {
		for (ChannelMessage seed : SEEDS) {
			assertThat(MessageStream.decode(MessageStream.encode(seed), ChannelMessage.class)).isEqualTo(seed);
		}
	}

	@Test
	void aMessageWithoutARequiredFieldIsMalformed() {
		assertMalformed("{\"type\":\"hello\",\"instance\":0,\"pid\":1}", "secret");
		assertMalformed("{\"type\":\"operation-query\",\"id\":\"q\",\"request\":{\"instance\":1}}",
				"request.operation");
		assertMalformed("{\"type\":\"app-message\",\"payload\":\"1\",\"payloadType\":\"x\",\"sender\":0}", "topic");
	}

	@Test
	void mutatedLinesDecodeToCompleteMessagesOrAreRefused() {
		Random random = new Random(Fuzz.seed());
		long iterations = Fuzz.iterations(20_000);
		List<String> corpus = new ArrayList<>();
		SEEDS.forEach((seed) -> corpus.add(MessageStream.encode(seed)));
		int decoded = 0;
		for (long i = 0; i < iterations; i++) {
			String line = Fuzz.mutate(corpus.get(random.nextInt(corpus.size())), TOKENS, random);
			try {
				ChannelMessage message = MessageStream.decode(line, ChannelMessage.class);
				assertThat(RequiredFields.missing(message)).as(line).isNull();
				decoded++;
			}
			catch (MessageStream.MalformedMessageException ex) {
				assertThat(ex.getMessage()).doesNotContain("\n");
			}
			catch (RuntimeException ex) {
				fail("Decoding %s threw %s", printable(line), ex);
			}
		}
		Fuzz.report("channel lines", iterations, decoded);
	}

	private static void assertMalformed(String line, String missing) {
		try {
			MessageStream.decode(line, ChannelMessage.class);
			fail("Decoded %s", line);
		}
		catch (MessageStream.MalformedMessageException ex) {
			assertThat(ex.getMessage()).endsWith("without its " + missing);
		}
	}

	private static String printable(String line) {
		return new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace("\n", "\\n");
	}

}
