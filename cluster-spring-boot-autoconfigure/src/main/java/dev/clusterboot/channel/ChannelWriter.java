package dev.clusterboot.channel;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import dev.clusterboot.channel.ChannelMessage.Hello;
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
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.SharedServer;
import dev.clusterboot.contract.WorkerStatus;

/**
 * Writes the channel's messages as lines of JSON, with Jackson's streaming API alone: one
 * method per message of either direction, so that a new message cannot go unwritten. The
 * lines, and why they are written so, are described in {@link ChannelReader}.
 */
final class ChannelWriter implements ToSupervisor.Handler, ToWorker.Handler {

	private static final JsonFactory factory = JsonFactory.builder().build();

	private final JsonGenerator json;

	private ChannelWriter(JsonGenerator json) {
		this.json = json;
	}

	/** One message as the line that carries it, without its end. */
	static String encode(ChannelMessage message) {
		StringWriter line = new StringWriter(128);
		try (JsonGenerator generator = factory.createGenerator(ObjectWriteContext.empty(), line)) {
			ChannelWriter writer = new ChannelWriter(generator);
			if (message instanceof Hello hello) {
				writer.hello(hello);
			}
			else if (message instanceof ToSupervisor toSupervisor) {
				toSupervisor.accept(writer);
			}
			else {
				((ToWorker) message).accept(writer);
			}
		}
		return line.toString();
	}

	void hello(Hello message) {
		start("hello");
		this.json.writeStringProperty("secret", message.secret());
		this.json.writeNumberProperty("instance", message.instance());
		this.json.writeNumberProperty("pid", message.pid());
		this.json.writeEndObject();
	}

	@Override
	public void progress(Progress message) {
		start("progress");
		this.json.writeNumberProperty("steps", message.steps());
		this.json.writeEndObject();
	}

	@Override
	public void pong(Pong message) {
		start("pong");
		this.json.writeNumberProperty("sequence", message.sequence());
		this.json.writeEndObject();
	}

	@Override
	public void broken(Broken message) {
		start("broken");
		this.json.writeEndObject();
	}

	@Override
	public void online(Online message) {
		start("online");
		this.json.writeNumberProperty("pid", message.pid());
		this.json.writeNumberProperty("port", message.port());
		number("managementPort", message.managementPort());
		this.json.writeBooleanProperty("proxyProtocol", message.proxyProtocol());
		this.json.writeBooleanProperty("managementProxyProtocol", message.managementProxyProtocol());
		// Only where there are some, so that a worker without them writes 0.1.0's
		// line.
		if (!message.servers().isEmpty()) {
			this.json.writeArrayPropertyStart("servers");
			for (SharedServer.Listening server : message.servers()) {
				this.json.writeStartObject();
				this.json.writeStringProperty("label", server.label());
				this.json.writeNumberProperty("port", server.port());
				this.json.writeNumberProperty("listenPort", server.listenPort());
				this.json.writeEndObject();
			}
			this.json.writeEndArray();
		}
		this.json.writeEndObject();
	}

	@Override
	public void startFailed(StartFailed message) {
		start("start-failed");
		this.json.writeStringProperty("explanation", message.explanation());
		this.json.writeEndObject();
	}

	@Override
	public void statusQuery(StatusQuery message) {
		start("status-query");
		this.json.writeStringProperty("id", message.id());
		this.json.writeBooleanProperty("usage", message.usage());
		this.json.writeEndObject();
	}

	@Override
	public void operationQuery(OperationQuery message) {
		start("operation-query");
		this.json.writeStringProperty("id", message.id());
		OperationRequest request = message.request();
		this.json.writeObjectPropertyStart("request");
		this.json.writeStringProperty("operation", request.operation().name());
		number("instance", request.instance());
		this.json.writeStringProperty("instances", request.instances());
		this.json.writeEndObject();
		this.json.writeEndObject();
	}

	@Override
	public void clusterScrapeQuery(ClusterScrapeQuery message) {
		start("cluster-scrape-query");
		this.json.writeStringProperty("id", message.id());
		this.json.writeStringProperty("format", message.format().name());
		strings("names", message.names());
		this.json.writeEndObject();
	}

	@Override
	public void scrapeShare(ScrapeShare message) {
		start("scrape-share");
		this.json.writeStringProperty("id", message.id());
		this.json.writeStringProperty("text", message.text());
		this.json.writeEndObject();
	}

	@Override
	public void appMessage(AppMessage message) {
		start("app-message");
		this.json.writeStringProperty("topic", message.topic());
		this.json.writeStringProperty("payload", message.payload());
		this.json.writeStringProperty("payloadType", message.payloadType());
		this.json.writeNumberProperty("sender", message.sender());
		number("target", message.target());
		this.json.writeEndObject();
	}

	@Override
	public void ping(Ping message) {
		start("ping");
		this.json.writeNumberProperty("sequence", message.sequence());
		this.json.writeEndObject();
	}

	@Override
	public void shutdown(Shutdown message) {
		start("shutdown");
		// Only where it is so, so that any other stop is 0.1.0's line.
		if (message.retiring()) {
			this.json.writeBooleanProperty("retiring", true);
		}
		this.json.writeEndObject();
	}

	@Override
	public void endSlowStart(EndSlowStart message) {
		start("end-slow-start");
		this.json.writeEndObject();
	}

	@Override
	public void statusAnswer(StatusAnswer message) {
		start("status-answer");
		this.json.writeStringProperty("id", message.id());
		ClusterStatus status = message.status();
		// Jackson wrote a ClusterStatus and a WorkerStatus without their nulls.
		this.json.writeObjectPropertyStart("status");
		this.json.writeStringProperty("portSharing", status.portSharing());
		if (status.port() != null) {
			this.json.writeNumberProperty("port", status.port());
		}
		this.json.writeObjectPropertyStart("instances");
		this.json.writeNumberProperty("desired", status.instances().desired());
		this.json.writeNumberProperty("online", status.instances().online());
		this.json.writeEndObject();
		if (status.operation() != null) {
			this.json.writeName("operation");
			operationReport(status.operation());
		}
		this.json.writeArrayPropertyStart("workers");
		for (WorkerStatus worker : status.workers()) {
			workerStatus(worker);
		}
		this.json.writeEndArray();
		if (!status.servers().isEmpty()) {
			this.json.writeArrayPropertyStart("servers");
			for (ClusterStatus.ServerPort server : status.servers()) {
				this.json.writeStartObject();
				this.json.writeStringProperty("server", server.server());
				this.json.writeNumberProperty("port", server.port());
				this.json.writeEndObject();
			}
			this.json.writeEndArray();
		}
		this.json.writeEndObject();
		this.json.writeEndObject();
	}

	private void workerStatus(WorkerStatus worker) {
		this.json.writeStartObject();
		this.json.writeNumberProperty("id", worker.id());
		if (worker.pid() != null) {
			this.json.writeNumberProperty("pid", worker.pid());
		}
		this.json.writeStringProperty("state", worker.state().name());
		this.json.writeNumberProperty("uptimeSeconds", worker.uptimeSeconds());
		this.json.writeNumberProperty("restarts", worker.restarts());
		if (worker.cpuPercent() != null) {
			this.json.writeNumberProperty("cpuPercent", worker.cpuPercent());
		}
		if (worker.memoryBytes() != null) {
			this.json.writeNumberProperty("memoryBytes", worker.memoryBytes());
		}
		if (worker.version() != null) {
			this.json.writeStringProperty("version", worker.version());
		}
		if (worker.replacement() != null) {
			this.json.writeName("replacement");
			workerStatus(worker.replacement());
		}
		this.json.writeEndObject();
	}

	@Override
	public void operationAnswer(OperationAnswer message) {
		start("operation-answer");
		this.json.writeStringProperty("id", message.id());
		this.json.writeObjectPropertyStart("outcome");
		OperationOutcome outcome = message.outcome();
		if (outcome instanceof OperationOutcome.Accepted accepted) {
			this.json.writeStringProperty("kind", "accepted");
			this.json.writeName("operation");
			operationReport(accepted.operation());
		}
		else if (outcome instanceof OperationOutcome.Rejected rejected) {
			this.json.writeStringProperty("kind", "rejected");
			this.json.writeStringProperty("message", rejected.message());
		}
		else if (outcome instanceof OperationOutcome.Busy busy) {
			this.json.writeStringProperty("kind", "busy");
			this.json.writeStringProperty("message", busy.message());
			this.json.writeName("running");
			operationReport(busy.running());
		}
		else {
			this.json.writeStringProperty("kind", "stopping");
			this.json.writeStringProperty("message", ((OperationOutcome.Stopping) outcome).message());
		}
		this.json.writeEndObject();
		this.json.writeEndObject();
	}

	private void operationReport(OperationReport report) {
		this.json.writeStartObject();
		this.json.writeStringProperty("id", report.id());
		this.json.writeStringProperty("kind", report.kind());
		this.json.writeStringProperty("outcome", report.outcome().name());
		this.json.writeStringProperty("detail", report.detail());
		instant("startedAt", report.startedAt());
		instant("finishedAt", report.finishedAt());
		// Jackson wrote the record's isRunning() too; readers ignore it.
		this.json.writeBooleanProperty("running", report.isRunning());
		this.json.writeEndObject();
	}

	@Override
	public void clusterScrapeAnswer(ClusterScrapeAnswer message) {
		start("cluster-scrape-answer");
		this.json.writeStringProperty("id", message.id());
		this.json.writeStringProperty("text", message.text());
		this.json.writeStringProperty("error", message.error());
		this.json.writeEndObject();
	}

	@Override
	public void scrapeShareQuery(ScrapeShareQuery message) {
		start("scrape-share-query");
		this.json.writeStringProperty("id", message.id());
		this.json.writeStringProperty("format", message.format().name());
		strings("names", message.names());
		this.json.writeEndObject();
	}

	@Override
	public void delivery(Delivery message) {
		start("delivery");
		this.json.writeStringProperty("topic", message.topic());
		this.json.writeStringProperty("payload", message.payload());
		this.json.writeStringProperty("payloadType", message.payloadType());
		this.json.writeNumberProperty("sender", message.sender());
		this.json.writeEndObject();
	}

	@Override
	public void endpointQuery(ToSupervisor.EndpointQuery message) {
		start("endpoint-query");
		EndpointCodec.write(this.json, message);
		this.json.writeEndObject();
	}

	@Override
	public void endpointResult(ToSupervisor.EndpointResult message) {
		start("endpoint-result");
		EndpointCodec.write(this.json, message);
		this.json.writeEndObject();
	}

	@Override
	public void endpointCall(ToWorker.EndpointCall message) {
		start("endpoint-call");
		EndpointCodec.write(this.json, message);
		this.json.writeEndObject();
	}

	@Override
	public void endpointAnswer(ToWorker.EndpointAnswer message) {
		start("endpoint-answer");
		EndpointCodec.write(this.json, message);
		this.json.writeEndObject();
	}

	private void start(String type) {
		this.json.writeStartObject();
		this.json.writeStringProperty("type", type);
	}

	private void number(String name, @Nullable Integer value) {
		if (value != null) {
			this.json.writeNumberProperty(name, value);
		}
		else {
			this.json.writeNullProperty(name);
		}
	}

	private void instant(String name, @Nullable Instant value) {
		this.json.writeStringProperty(name, (value != null) ? value.toString() : null);
	}

	private void strings(String name, @Nullable List<String> values) {
		if (values == null) {
			this.json.writeNullProperty(name);
			return;
		}
		this.json.writeArrayPropertyStart(name);
		for (String value : values) {
			this.json.writeString(value);
		}
		this.json.writeEndArray();
	}

}
