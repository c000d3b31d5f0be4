package dev.clusterboot.channel;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.clusterboot.channel.MessageStream.MalformedMessageException;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.contract.WorkerStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The channel's wire format. The lines below are the ones Jackson's data binding wrote
 * for these messages, up to version 0.1.0 of the starter, taken from it: a supervisor and
 * workers of different versions must keep reading each other, since a reload starts a new
 * version's workers under the running supervisor.
 */
class ChannelCodecTests {

	private static final OperationReport RUNNING = new OperationReport("ab12", "reload",
			OperationReport.Progress.RUNNING, "replacing", Instant.EPOCH, null);

	private static final OperationReport DONE = new OperationReport("cd34", "scale", OperationReport.Progress.SUCCEEDED,
			"3 workers", Instant.parse("2026-11-26T06:40:01.123456789Z"), Instant.parse("2026-11-26T06:40:09Z"));

	private static final List<Example> EXAMPLES = List.of(
			new Example(new ChannelMessage.Hello("c2VjcmV0", 1, 4242),
					"{\"type\":\"hello\",\"secret\":\"c2VjcmV0\",\"instance\":1,\"pid\":4242}"),
			new Example(new ToSupervisor.Progress(17), "{\"type\":\"progress\",\"steps\":17}"),
			new Example(new ToSupervisor.Pong(3), "{\"type\":\"pong\",\"sequence\":3}"),
			new Example(new ToSupervisor.Broken(), "{\"type\":\"broken\"}"),
			new Example(new ToSupervisor.Online(4242, 8080, 8081, true, false),
					"{\"type\":\"online\",\"pid\":4242,\"port\":8080,\"managementPort\":8081,\"proxyProtocol\":true,\"managementProxyProtocol\":false}"),
			new Example(new ToSupervisor.Online(4243, 0, null),
					"{\"type\":\"online\",\"pid\":4243,\"port\":0,\"managementPort\":null,\"proxyProtocol\":false,\"managementProxyProtocol\":false}"),
			new Example(new ToSupervisor.StartFailed("Port in use\n\"quoted\" \u00e9 \u2603"),
					"{\"type\":\"start-failed\",\"explanation\":\"Port in use\\n\\\"quoted\\\" \u00e9 \u2603\"}"),
			new Example(new ToSupervisor.StatusQuery("q1", true),
					"{\"type\":\"status-query\",\"id\":\"q1\",\"usage\":true}"),
			new Example(new ToSupervisor.OperationQuery("q2", new OperationRequest(Operation.SCALE, null, "+1")),
					"{\"type\":\"operation-query\",\"id\":\"q2\",\"request\":{\"operation\":\"SCALE\",\"instance\":null,\"instances\":\"+1\"}}"),
			new Example(new ToSupervisor.OperationQuery("q2", new OperationRequest(Operation.RESTART, 3, null)),
					"{\"type\":\"operation-query\",\"id\":\"q2\",\"request\":{\"operation\":\"RESTART\",\"instance\":3,\"instances\":null}}"),
			new Example(
					new ToSupervisor.ClusterScrapeQuery("q3", ScrapeFormat.OPENMETRICS_TEXT,
							List.of("jvm_memory", "up")),
					"{\"type\":\"cluster-scrape-query\",\"id\":\"q3\",\"format\":\"OPENMETRICS_TEXT\",\"names\":[\"jvm_memory\",\"up\"]}"),
			new Example(new ToSupervisor.ClusterScrapeQuery("q3", ScrapeFormat.PROMETHEUS_TEXT, null),
					"{\"type\":\"cluster-scrape-query\",\"id\":\"q3\",\"format\":\"PROMETHEUS_TEXT\",\"names\":null}"),
			new Example(new ToSupervisor.ScrapeShare("q4", "# TYPE up gauge\nup 1\n"),
					"{\"type\":\"scrape-share\",\"id\":\"q4\",\"text\":\"# TYPE up gauge\\nup 1\\n\"}"),
			new Example(new ToSupervisor.ScrapeShare("q4", null),
					"{\"type\":\"scrape-share\",\"id\":\"q4\",\"text\":null}"),
			new Example(new ToSupervisor.AppMessage("cache", "{\"key\":1}", "java.util.Map", 0, null),
					"{\"type\":\"app-message\",\"topic\":\"cache\",\"payload\":\"{\\\"key\\\":1}\",\"payloadType\":\"java.util.Map\",\"sender\":0,\"target\":null}"),
			new Example(new ToSupervisor.AppMessage("cache", "[1]", "java.util.List", -1, 2),
					"{\"type\":\"app-message\",\"topic\":\"cache\",\"payload\":\"[1]\",\"payloadType\":\"java.util.List\",\"sender\":-1,\"target\":2}"),
			new Example(new ToWorker.Ping(9), "{\"type\":\"ping\",\"sequence\":9}"),
			new Example(new ToWorker.Shutdown(), "{\"type\":\"shutdown\"}"),
			new Example(new ToWorker.Shutdown(true), "{\"type\":\"shutdown\",\"retiring\":true}"),
			new Example(new ToWorker.EndSlowStart(), "{\"type\":\"end-slow-start\"}"),
			new Example(
					new ToWorker.StatusAnswer("q1",
							new ClusterStatus("shared-socket", 8080, new ClusterStatus.Instances(2, 2), null,
									List.of(new WorkerStatus(0, 11L, WorkerState.ONLINE, 5, 0, 1.5, 1L << 20, "app.jar",
											null)))),
					"{\"type\":\"status-answer\",\"id\":\"q1\",\"status\":{\"portSharing\":\"shared-socket\",\"port\":8080,\"instances\":{\"desired\":2,\"online\":2},\"workers\":[{\"id\":0,\"pid\":11,\"state\":\"ONLINE\",\"uptimeSeconds\":5,\"restarts\":0,\"cpuPercent\":1.5,\"memoryBytes\":1048576,\"version\":\"app.jar\"}]}}"),
			new Example(
					new ToWorker.StatusAnswer("q1",
							new ClusterStatus("routing", null, new ClusterStatus.Instances(2, 1), RUNNING,
									List.of(new WorkerStatus(0, null, WorkerState.WAITING_RESTART, 0, 4, null, null,
											null, null),
											new WorkerStatus(1, 12L, WorkerState.ONLINE, 50, 1, 0.0, 3L, "v1",
													new WorkerStatus(1, 13L, WorkerState.STARTING, 1, 0, 99.0, 5L, "v2",
															null))))),
					"{\"type\":\"status-answer\",\"id\":\"q1\",\"status\":{\"portSharing\":\"routing\",\"instances\":{\"desired\":2,\"online\":1},\"operation\":{\"id\":\"ab12\",\"kind\":\"reload\",\"outcome\":\"RUNNING\",\"detail\":\"replacing\",\"startedAt\":\"1970-01-01T00:00:00Z\",\"finishedAt\":null,\"running\":true},\"workers\":[{\"id\":0,\"state\":\"WAITING_RESTART\",\"uptimeSeconds\":0,\"restarts\":4},{\"id\":1,\"pid\":12,\"state\":\"ONLINE\",\"uptimeSeconds\":50,\"restarts\":1,\"cpuPercent\":0.0,\"memoryBytes\":3,\"version\":\"v1\",\"replacement\":{\"id\":1,\"pid\":13,\"state\":\"STARTING\",\"uptimeSeconds\":1,\"restarts\":0,\"cpuPercent\":99.0,\"memoryBytes\":5,\"version\":\"v2\"}}]}}"),
			new Example(new ToWorker.OperationAnswer("q2", new OperationOutcome.Accepted(RUNNING)),
					"{\"type\":\"operation-answer\",\"id\":\"q2\",\"outcome\":{\"kind\":\"accepted\",\"operation\":{\"id\":\"ab12\",\"kind\":\"reload\",\"outcome\":\"RUNNING\",\"detail\":\"replacing\",\"startedAt\":\"1970-01-01T00:00:00Z\",\"finishedAt\":null,\"running\":true}}}"),
			new Example(new ToWorker.OperationAnswer("q2", new OperationOutcome.Rejected("no such worker")),
					"{\"type\":\"operation-answer\",\"id\":\"q2\",\"outcome\":{\"kind\":\"rejected\",\"message\":\"no such worker\"}}"),
			new Example(new ToWorker.OperationAnswer("q2", new OperationOutcome.Busy("busy", DONE)),
					"{\"type\":\"operation-answer\",\"id\":\"q2\",\"outcome\":{\"kind\":\"busy\",\"message\":\"busy\",\"running\":{\"id\":\"cd34\",\"kind\":\"scale\",\"outcome\":\"SUCCEEDED\",\"detail\":\"3 workers\",\"startedAt\":\"2026-11-26T06:40:01.123456789Z\",\"finishedAt\":\"2026-11-26T06:40:09Z\",\"running\":false}}}"),
			new Example(new ToWorker.OperationAnswer("q2", new OperationOutcome.Stopping("stopping")),
					"{\"type\":\"operation-answer\",\"id\":\"q2\",\"outcome\":{\"kind\":\"stopping\",\"message\":\"stopping\"}}"),
			new Example(new ToWorker.ClusterScrapeAnswer("q3", null, "too large"),
					"{\"type\":\"cluster-scrape-answer\",\"id\":\"q3\",\"text\":null,\"error\":\"too large\"}"),
			new Example(new ToWorker.ClusterScrapeAnswer("q3", "up 1\n", null),
					"{\"type\":\"cluster-scrape-answer\",\"id\":\"q3\",\"text\":\"up 1\\n\",\"error\":null}"),
			new Example(new ToWorker.ScrapeShareQuery("q4", ScrapeFormat.PROMETHEUS_TEXT, null),
					"{\"type\":\"scrape-share-query\",\"id\":\"q4\",\"format\":\"PROMETHEUS_TEXT\",\"names\":null}"),
			new Example(new ToWorker.ScrapeShareQuery("q4", ScrapeFormat.OPENMETRICS_TEXT, List.of()),
					"{\"type\":\"scrape-share-query\",\"id\":\"q4\",\"format\":\"OPENMETRICS_TEXT\",\"names\":[]}"),
			new Example(
					new ToSupervisor.EndpointQuery("q5", 1,
							new EndpointRequest("POST", "loggers/com.example", Map.of("configuredLevel", "DEBUG"),
									null)),
					"{\"type\":\"endpoint-query\",\"id\":\"q5\",\"instance\":1,\"request\":{\"method\":\"POST\",\"path\":\"loggers/com.example\",\"arguments\":[{\"name\":\"configuredLevel\",\"value\":\"DEBUG\"}],\"accept\":null}}"),
			new Example(
					new ToSupervisor.EndpointQuery("q5", null,
							new EndpointRequest("GET", "threaddump", Map.of(), "text/plain")),
					"{\"type\":\"endpoint-query\",\"id\":\"q5\",\"instance\":null,\"request\":{\"method\":\"GET\",\"path\":\"threaddump\",\"arguments\":[],\"accept\":\"text/plain\"}}"),
			new Example(
					new ToSupervisor.EndpointResult("c1",
							new EndpointResponse(200, "application/json", "{\"a\":\"\u00e9\\n\"}")),
					"{\"type\":\"endpoint-result\",\"id\":\"c1\",\"response\":{\"status\":200,\"contentType\":\"application/json\",\"body\":\"{\\\"a\\\":\\\"\u00e9\\\\n\\\"}\"}}"),
			new Example(new ToSupervisor.EndpointResult("c1", EndpointResponse.empty(204)),
					"{\"type\":\"endpoint-result\",\"id\":\"c1\",\"response\":{\"status\":204,\"contentType\":null,\"body\":\"\"}}"),
			new Example(new ToWorker.EndpointCall("c1", new EndpointRequest("DELETE", "caches", Map.of(), null)),
					"{\"type\":\"endpoint-call\",\"id\":\"c1\",\"request\":{\"method\":\"DELETE\",\"path\":\"caches\",\"arguments\":[],\"accept\":null}}"),
			new Example(
					new ToWorker.EndpointAnswer("q5",
							Map.of(0, EndpointResponse.empty(204), 2, new EndpointResponse(404, "text/plain", "no")),
							List.of(1)),
					"{\"type\":\"endpoint-answer\",\"id\":\"q5\",\"responses\":[{\"instance\":0,\"status\":204,\"contentType\":null,\"body\":\"\"},{\"instance\":2,\"status\":404,\"contentType\":\"text/plain\",\"body\":\"no\"}],\"missing\":[{\"instance\":1}]}"),
			new Example(new ToWorker.Delivery("cache", "\"flush\"", "java.lang.String", -1),
					"{\"type\":\"delivery\",\"topic\":\"cache\",\"payload\":\"\\\"flush\\\"\",\"payloadType\":\"java.lang.String\",\"sender\":-1}"));

	@Test
	void writesEachMessageAsJacksonsDataBindingDid() {
		for (Example example : EXAMPLES) {
			assertThat(ChannelWriter.encode(example.message())).isEqualTo(example.line());
		}
	}

	@Test
	void readsEachLineBackToItsMessage() throws Exception {
		for (Example example : EXAMPLES) {
			assertThat(ChannelReader.decode(example.line())).isEqualTo(example.message());
		}
	}

	@Test
	void theExamplesHoldEveryKindOfMessageAndOfOutcome() {
		Set<Class<?>> kinds = EXAMPLES.stream()
			.map(Example::message)
			.flatMap((message) -> (message instanceof ToWorker.OperationAnswer answer)
					? List.of(message.getClass(), answer.outcome().getClass()).stream()
					: List.<Class<?>>of(message.getClass()).stream())
			.collect(Collectors.toSet());
		assertThat(kinds).containsAll(records(ChannelMessage.class)).containsAll(records(OperationOutcome.class));
	}

	/**
	 * What 0.1.0 had no field for, written only where there is some, so that its lines
	 * stay as they were: the ports of the app's other servers.
	 */
	@Test
	void theOtherServersPortsRoundTripAndAreLeftOutWhereThereAreNone() throws Exception {
		ToSupervisor.Online online = new ToSupervisor.Online(4242, 8080, null, false, false,
				List.of(new SharedServer.Listening("grpc", 9090, 41234)));
		String line = ChannelWriter.encode(online);
		assertThat(line).endsWith(",\"servers\":[{\"label\":\"grpc\",\"port\":9090,\"listenPort\":41234}]}");
		assertThat(ChannelReader.decode(line)).isEqualTo(online);
		ClusterStatus status = new ClusterStatus("proxy", 8080, new ClusterStatus.Instances(1, 1), null, List.of(),
				List.of(new ClusterStatus.ServerPort("grpc", 9090)));
		ToWorker.StatusAnswer answer = new ToWorker.StatusAnswer("q", status);
		assertThat(ChannelWriter.encode(answer)).contains(",\"servers\":[{\"server\":\"grpc\",\"port\":9090}]");
		assertThat(ChannelReader.decode(ChannelWriter.encode(answer))).isEqualTo(answer);
		assertMalformed(
				"{\"type\":\"online\",\"pid\":1,\"port\":0,\"proxyProtocol\":false,"
						+ "\"managementProxyProtocol\":false,\"servers\":[{\"label\":\"grpc\",\"port\":9090}]}",
				"an Online without its servers.[0].listenPort");
	}

	@Test
	void readsFieldsInAnyOrderAndIgnoresOnesItDoesNotKnow() throws Exception {
		assertThat(ChannelReader
			.decode("{\"pid\":7,\"later\":[1,{\"a\":null},2.5],\"instance\":2,\"secret\":\"s\",\"type\":\"hello\"}"))
			.isEqualTo(new ChannelMessage.Hello("s", 2, 7));
	}

	@Test
	void refusesWhatIsNotAMessageSayingWhy() {
		assertMalformed("", "not a channel message: an empty line");
		assertMalformed("[]", "not a channel message: not a JSON object");
		assertMalformed("{\"type\":\"ping\",\"sequence\":1} {}", "not a channel message: more after its JSON object");
		assertMalformed("{\"type\":\"ping\",\"sequence\":1", "not a channel message: ");
		assertMalformed("{\"sequence\":1}", "a channel message without its type");
		assertMalformed("{\"type\":\"pingu\"}", "not a channel message: unknown type pingu");
		assertMalformed("{\"type\":\"ping\",\"sequence\":9223372036854775808}",
				"not a channel message: a number beyond 64 bits");
		assertMalformed("{\"type\":\"ping\",\"sequence\":\"1\"}", "a Ping whose sequence is not a whole number");
		assertMalformed("{\"type\":\"ping\",\"sequence\":1.5}", "a Ping whose sequence is not a whole number");
		assertMalformed("{\"type\":\"hello\",\"secret\":\"s\",\"instance\":2147483648,\"pid\":1}",
				"a Hello whose instance is not a 32-bit whole number");
		assertMalformed("{\"type\":\"status-query\",\"id\":\"q\",\"usage\":1}",
				"a StatusQuery whose usage is not true or false");
		assertMalformed("{\"type\":\"scrape-share-query\",\"id\":\"q\",\"format\":\"XML\"}",
				"a ScrapeShareQuery whose format is not one of [PROMETHEUS_TEXT, OPENMETRICS_TEXT]");
		assertMalformed(
				"{\"type\":\"scrape-share-query\",\"id\":\"q\",\"format\":\"PROMETHEUS_TEXT\",\"names\":[\"a\",null]}",
				"a ScrapeShareQuery without its names.[1]");
		assertMalformed("{\"type\":\"status-answer\",\"id\":\"q\",\"status\":{\"portSharing\":\"x\","
				+ "\"instances\":{\"desired\":1,\"online\":1},\"workers\":[{\"id\":0,\"uptimeSeconds\":1,\"restarts\":0}]}}",
				"a StatusAnswer without its status.workers.[0].state");
		assertMalformed(
				"{\"type\":\"status-answer\",\"id\":\"q\",\"status\":{\"portSharing\":\"x\","
						+ "\"instances\":{\"desired\":1,\"online\":1},\"workers\":[7]}}",
				"a StatusAnswer whose status.workers.[0] is not an object");
		assertMalformed("{\"type\":\"operation-answer\",\"id\":\"q\",\"outcome\":{\"kind\":\"won\"}}",
				"an OperationAnswer whose outcome is of no known kind: won");
		assertMalformed("{\"type\":\"operation-answer\",\"id\":\"q\",\"outcome\":{\"kind\":\"accepted\",\"operation\":"
				+ "{\"id\":\"a\",\"kind\":\"reload\",\"outcome\":\"RUNNING\",\"detail\":\"d\",\"startedAt\":\"yesterday\"}}}",
				"an OperationAnswer whose outcome.operation.startedAt is not an ISO-8601 instant");
	}

	private static void assertMalformed(String line, String reason) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> ChannelReader.decode(line))
			.withMessageStartingWith(reason)
			.withMessageNotContaining("\n");
	}

	/** The records a sealed interface permits, through its sealed subinterfaces. */
	private static Set<Class<?>> records(Class<?> sealed) {
		Set<Class<?>> records = new HashSet<>();
		Deque<Class<?>> types = new ArrayDeque<>(List.of(sealed));
		while (!types.isEmpty()) {
			Class<?> type = types.pop();
			if (type.isRecord()) {
				records.add(type);
			}
			else {
				types.addAll(List.of(type.getPermittedSubclasses()));
			}
		}
		return records;
	}

	private record Example(ChannelMessage message, String line) {
	}

}
