package dev.clusterboot.channel;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import dev.clusterboot.channel.ChannelMessage.Hello;
import dev.clusterboot.channel.MessageStream.MalformedMessageException;
import dev.clusterboot.channel.ToSupervisor.AppMessage;
import dev.clusterboot.channel.ToSupervisor.Broken;
import dev.clusterboot.channel.ToSupervisor.ClusterScrapeQuery;
import dev.clusterboot.channel.ToSupervisor.Online;
import dev.clusterboot.channel.ToSupervisor.OperationQuery;
import dev.clusterboot.channel.ToSupervisor.Pong;
import dev.clusterboot.channel.ToSupervisor.Progress;
import dev.clusterboot.channel.ToSupervisor.ScrapeShare;
import dev.clusterboot.channel.ToSupervisor.StartFailed;
import dev.clusterboot.channel.ToSupervisor.StatusQuery;
import dev.clusterboot.channel.ToWorker.ClusterScrapeAnswer;
import dev.clusterboot.channel.ToWorker.Delivery;
import dev.clusterboot.channel.ToWorker.EndSlowStart;
import dev.clusterboot.channel.ToWorker.OperationAnswer;
import dev.clusterboot.channel.ToWorker.Ping;
import dev.clusterboot.channel.ToWorker.ScrapeShareQuery;
import dev.clusterboot.channel.ToWorker.Shutdown;
import dev.clusterboot.channel.ToWorker.StatusAnswer;
import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.Operation;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.contract.WorkerState;
import dev.clusterboot.contract.WorkerStatus;

/**
 * Reads the channel's messages from the lines of JSON that {@link ChannelWriter} writes,
 * with Jackson's streaming API alone: the supervisor's JVM then needs none of Jackson's
 * data binding, which the channel's records cost it in classes, heap and compiled code (6
 * MB, measured in the JVM where the supervisor takes over).
 *
 * <p>
 * The lines are the ones Jackson's data binding wrote for these records, field for field
 * (the record's {@code type} first, then its components by name, {@code null} where a
 * component has no value, left out in a {@link ClusterStatus} and a
 * {@link WorkerStatus}), so that supervisors and workers of other versions read each
 * other: a reload starts a new version's workers under the running supervisor.
 *
 * <p>
 * Reading takes the line's whole object first, so the order of its fields does not
 * matter, then makes the record the {@code type} names: every component that is not
 * {@link Nullable} must be there and of its type, or the message is malformed.
 */
final class ChannelReader {

	private static final JsonFactory json = JsonFactory.builder().build();

	private ChannelReader() {
	}

	/**
	 * Read one line.
	 * @param line the line, without its end
	 * @return the message, with every field it requires
	 * @throws MalformedMessageException when the line is anything else
	 */
	static ChannelMessage decode(String line) throws MalformedMessageException {
		Object value;
		try (JsonParser parser = json.createParser(ObjectReadContext.empty(), line)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new MalformedMessageException("not a channel message: an empty line");
			}
			value = JsonFields.read(parser, first);
			if (parser.nextToken() != null) {
				throw new MalformedMessageException("not a channel message: more after its JSON object");
			}
		}
		catch (JacksonException ex) {
			throw JsonFields.malformedJson(ex);
		}
		JsonFields fields = JsonFields.of(value, "channel message");
		String type = fields.string("type");
		switch (type) {
			case "hello":
				return hello(fields.as("Hello"));
			case "progress":
				return new Progress(fields.as("Progress").longNumber("steps"));
			case "pong":
				return new Pong(fields.as("Pong").longNumber("sequence"));
			case "broken":
				return new Broken();
			case "online":
				return online(fields.as("Online"));
			case "start-failed":
				return new StartFailed(fields.as("StartFailed").string("explanation"));
			case "status-query":
				return statusQuery(fields.as("StatusQuery"));
			case "operation-query":
				return operationQuery(fields.as("OperationQuery"));
			case "cluster-scrape-query":
				return clusterScrapeQuery(fields.as("ClusterScrapeQuery"));
			case "scrape-share":
				return scrapeShare(fields.as("ScrapeShare"));
			case "app-message":
				return appMessage(fields.as("AppMessage"));
			case "ping":
				return new Ping(fields.as("Ping").longNumber("sequence"));
			case "shutdown":
				return new Shutdown(fields.as("Shutdown").flagOrFalse("retiring"));
			case "end-slow-start":
				return new EndSlowStart();
			case "status-answer":
				return statusAnswer(fields.as("StatusAnswer"));
			case "operation-answer":
				return operationAnswer(fields.as("OperationAnswer"));
			case "cluster-scrape-answer":
				return clusterScrapeAnswer(fields.as("ClusterScrapeAnswer"));
			case "scrape-share-query":
				return scrapeShareQuery(fields.as("ScrapeShareQuery"));
			case "delivery":
				return delivery(fields.as("Delivery"));
			case "endpoint-query":
				return EndpointCodec.query(fields.as("EndpointQuery"));
			case "endpoint-result":
				return EndpointCodec.result(fields.as("EndpointResult"));
			case "endpoint-call":
				return EndpointCodec.call(fields.as("EndpointCall"));
			case "endpoint-answer":
				return EndpointCodec.answer(fields.as("EndpointAnswer"));
			default:
				throw new MalformedMessageException("not a channel message: unknown type " + Untrusted.forLog(type));
		}
	}

	private static Hello hello(JsonFields fields) throws MalformedMessageException {
		return new Hello(fields.string("secret"), fields.integer("instance"), fields.longNumber("pid"));
	}

	private static Online online(JsonFields fields) throws MalformedMessageException {
		List<SharedServer.Listening> servers = new ArrayList<>();
		for (JsonFields server : fields.objectsOrNone("servers")) {
			servers.add(new SharedServer.Listening(server.string("label"), server.integer("port"),
					server.integer("listenPort")));
		}
		return new Online(fields.longNumber("pid"), fields.integer("port"), fields.nullableInteger("managementPort"),
				fields.flag("proxyProtocol"), fields.flag("managementProxyProtocol"), servers);
	}

	private static StatusQuery statusQuery(JsonFields fields) throws MalformedMessageException {
		return new StatusQuery(fields.string("id"), fields.flag("usage"));
	}

	private static OperationQuery operationQuery(JsonFields fields) throws MalformedMessageException {
		JsonFields request = fields.object("request");
		return new OperationQuery(fields.string("id"),
				new OperationRequest(request.constant("operation", Operation.class),
						request.nullableInteger("instance"), request.nullableString("instances")));
	}

	private static ClusterScrapeQuery clusterScrapeQuery(JsonFields fields) throws MalformedMessageException {
		return new ClusterScrapeQuery(fields.string("id"), fields.constant("format", ScrapeFormat.class),
				fields.nullableStrings("names"));
	}

	private static ScrapeShare scrapeShare(JsonFields fields) throws MalformedMessageException {
		return new ScrapeShare(fields.string("id"), fields.nullableString("text"));
	}

	private static AppMessage appMessage(JsonFields fields) throws MalformedMessageException {
		return new AppMessage(fields.string("topic"), fields.string("payload"), fields.string("payloadType"),
				fields.integer("sender"), fields.nullableInteger("target"));
	}

	private static StatusAnswer statusAnswer(JsonFields fields) throws MalformedMessageException {
		JsonFields status = fields.object("status");
		JsonFields instances = status.object("instances");
		JsonFields operation = status.nullableObject("operation");
		List<WorkerStatus> workers = new ArrayList<>();
		for (JsonFields worker : status.objects("workers")) {
			workers.add(workerStatus(worker));
		}
		List<ClusterStatus.ServerPort> servers = new ArrayList<>();
		for (JsonFields server : status.objectsOrNone("servers")) {
			servers.add(new ClusterStatus.ServerPort(server.string("server"), server.integer("port")));
		}
		return new StatusAnswer(fields.string("id"),
				new ClusterStatus(status.string("portSharing"), status.nullableInteger("port"),
						new ClusterStatus.Instances(instances.integer("desired"), instances.integer("online")),
						(operation != null) ? operationReport(operation) : null, workers, servers));
	}

	private static WorkerStatus workerStatus(JsonFields fields) throws MalformedMessageException {
		JsonFields replacement = fields.nullableObject("replacement");
		return new WorkerStatus(fields.integer("id"), fields.nullableLong("pid"),
				fields.constant("state", WorkerState.class), fields.longNumber("uptimeSeconds"),
				fields.integer("restarts"), fields.nullableDouble("cpuPercent"), fields.nullableLong("memoryBytes"),
				fields.nullableString("version"), (replacement != null) ? workerStatus(replacement) : null);
	}

	private static OperationAnswer operationAnswer(JsonFields fields) throws MalformedMessageException {
		String id = fields.string("id");
		JsonFields outcome = fields.object("outcome");
		String kind = outcome.string("kind");
		switch (kind) {
			case "accepted":
				return new OperationAnswer(id,
						new OperationOutcome.Accepted(operationReport(outcome.object("operation"))));
			case "rejected":
				return new OperationAnswer(id, new OperationOutcome.Rejected(outcome.string("message")));
			case "busy":
				return new OperationAnswer(id, new OperationOutcome.Busy(outcome.string("message"),
						operationReport(outcome.object("running"))));
			case "stopping":
				return new OperationAnswer(id, new OperationOutcome.Stopping(outcome.string("message")));
			default:
				throw new MalformedMessageException(
						"an OperationAnswer whose outcome is of no known kind: " + Untrusted.forLog(kind));
		}
	}

	private static OperationReport operationReport(JsonFields fields) throws MalformedMessageException {
		return new OperationReport(fields.string("id"), fields.string("kind"),
				fields.constant("outcome", OperationReport.Progress.class), fields.string("detail"),
				fields.instant("startedAt"), fields.nullableInstant("finishedAt"));
	}

	private static ClusterScrapeAnswer clusterScrapeAnswer(JsonFields fields) throws MalformedMessageException {
		return new ClusterScrapeAnswer(fields.string("id"), fields.nullableString("text"),
				fields.nullableString("error"));
	}

	private static ScrapeShareQuery scrapeShareQuery(JsonFields fields) throws MalformedMessageException {
		return new ScrapeShareQuery(fields.string("id"), fields.constant("format", ScrapeFormat.class),
				fields.nullableStrings("names"));
	}

	private static Delivery delivery(JsonFields fields) throws MalformedMessageException {
		return new Delivery(fields.string("topic"), fields.string("payload"), fields.string("payloadType"),
				fields.integer("sender"));
	}

}
