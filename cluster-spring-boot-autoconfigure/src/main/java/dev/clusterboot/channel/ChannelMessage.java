package dev.clusterboot.channel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.contract.ClusterStatus;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;
import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationRequest;
import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.contract.SharedServer;

/**
 * One message on the supervisor-worker channel, sent as one line of JSON whose
 * {@code type} names the record ({@link ChannelReader}). Apart from the {@link Hello}
 * that opens a connection, each message goes one way: {@link ToSupervisor} or
 * {@link ToWorker}, and each side handles its direction through a {@code Handler} with
 * one method per message, so that a new message cannot go unhandled. (A pattern
 * {@code switch} over the sealed types would say the same, but is final only in Java 21.)
 */
public sealed interface ChannelMessage
		permits ChannelMessage.Hello, ChannelMessage.ToSupervisor, ChannelMessage.ToWorker {

	/**
	 * The longest Prometheus text a message carries: the channel's line limit, less room
	 * for escaping it as JSON. A longer scrape is refused with an error, never sent.
	 */
	int MAX_SCRAPE_CHARS = 16 * 1024 * 1024;

	/**
	 * The longest body of a worker's Actuator answer that the channel carries: a thread
	 * dump is well below, a heap dump far above.
	 */
	int MAX_ENDPOINT_BODY_CHARS = 8 * 1024 * 1024;

	/**
	 * A worker's first line: who it is, and the cluster's secret.
	 *
	 * @param secret the cluster's secret
	 * @param instance the worker index
	 * @param pid the worker's process id, which the supervisor checks
	 */
	record Hello(String secret, int instance, long pid) implements ChannelMessage {

		@Override
		public String toString() {
			// Never print the secret.
			return "Hello[instance=" + this.instance + ", pid=" + this.pid + "]";
		}

	}

	/** What a worker says to its supervisor. */
	sealed interface ToSupervisor extends ChannelMessage permits Progress, Pong, Broken, Online, StartFailed,
			StatusQuery, OperationQuery, ClusterScrapeQuery, ScrapeShare, AppMessage, EndpointQuery, EndpointResult {

		void accept(Handler handler);

		/** The supervisor's side: one method per message a worker can send. */
		interface Handler {

			void progress(Progress message);

			void pong(Pong message);

			void broken(Broken message);

			void online(Online message);

			void startFailed(StartFailed message);

			void statusQuery(StatusQuery message);

			void operationQuery(OperationQuery message);

			void clusterScrapeQuery(ClusterScrapeQuery message);

			void scrapeShare(ScrapeShare message);

			void appMessage(AppMessage message);

			void endpointQuery(EndpointQuery message);

			void endpointResult(EndpointResult message);

		}

	}

	/** What the supervisor says to a worker. */
	sealed interface ToWorker extends ChannelMessage permits Ping, Shutdown, EndSlowStart, StatusAnswer,
			OperationAnswer, ClusterScrapeAnswer, ScrapeShareQuery, Delivery, EndpointCall, EndpointAnswer {

		void accept(Handler handler);

		/** A worker's side: one method per message the supervisor can send. */
		interface Handler {

			void ping(Ping message);

			void shutdown(Shutdown message);

			void endSlowStart(EndSlowStart message);

			void statusAnswer(StatusAnswer message);

			void operationAnswer(OperationAnswer message);

			void clusterScrapeAnswer(ClusterScrapeAnswer message);

			void scrapeShareQuery(ScrapeShareQuery message);

			void delivery(Delivery message);

			void endpointCall(EndpointCall message);

			void endpointAnswer(EndpointAnswer message);

		}

	}

	/**
	 * The worker's start-up goes on: Spring took more start-up steps since the last
	 * report.
	 *
	 * @param steps the start-up steps taken so far
	 */
	record Progress(long steps) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.progress(this);
		}

	}

	/**
	 * The answer to a {@link Ping}: this worker's channel is alive.
	 *
	 * @param sequence the ping's
	 */
	record Pong(long sequence) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.pong(this);
		}

	}

	/** The app set Spring's liveness to BROKEN: it wants to be replaced. */
	record Broken() implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.broken(this);
		}

	}

	/**
	 * Spring's readiness reached ACCEPTING_TRAFFIC.
	 *
	 * @param pid the worker's process id
	 * @param port the port it serves on (0 without a web server)
	 * @param managementPort the port of its own management server, if it has one
	 * @param proxyProtocol whether its web server reads a PROXY protocol v2 header, so
	 * that the supervisor's proxy can pass on the client's address
	 * @param managementProxyProtocol the same, for its management server
	 * @param servers the ports of its other servers (gRPC, RSocket), none in the lines of
	 * 0.1.0
	 */
	record Online(long pid, int port, @Nullable Integer managementPort, boolean proxyProtocol,
			boolean managementProxyProtocol, List<SharedServer.Listening> servers) implements ToSupervisor {

		/** A worker whose servers read no PROXY protocol header. */
		public Online(long pid, int port, @Nullable Integer managementPort) {
			this(pid, port, managementPort, false, false);
		}

		/** A worker with no other server. */
		public Online(long pid, int port, @Nullable Integer managementPort, boolean proxyProtocol,
				boolean managementProxyProtocol) {
			this(pid, port, managementPort, proxyProtocol, managementProxyProtocol, List.of());
		}

		public Online {
			servers = List.copyOf(servers);
		}

		@Override
		public void accept(Handler handler) {
			handler.online(this);
		}

	}

	/**
	 * The worker's start-up failed; it is about to exit.
	 *
	 * @param explanation Spring Boot's failure analysis (description and action), or the
	 * root cause
	 */
	record StartFailed(String explanation) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.startFailed(this);
		}

	}

	/**
	 * The cluster's status, for the worker's endpoint, health or info.
	 *
	 * @param id pairs the answer
	 * @param usage whether to read each worker's CPU and memory
	 */
	record StatusQuery(String id, boolean usage) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.statusQuery(this);
		}

	}

	/**
	 * An operator's request, from the worker's endpoint.
	 *
	 * @param id pairs the answer
	 * @param request the request
	 */
	record OperationQuery(String id, OperationRequest request) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.operationQuery(this);
		}

	}

	/**
	 * A cluster-wide Prometheus scrape, asked through the worker's endpoint.
	 *
	 * @param id pairs the answer
	 * @param format the text format
	 * @param names the meters to include, or {@code null} for all
	 */
	record ClusterScrapeQuery(String id, ScrapeFormat format, @Nullable List<String> names) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.clusterScrapeQuery(this);
		}

	}

	/**
	 * A worker's own scrape, its share of a cluster-wide one.
	 *
	 * @param id the supervisor's query it answers
	 * @param text the exposition, or {@code null} when the worker could not scrape
	 */
	record ScrapeShare(String id, @Nullable String text) implements ToSupervisor, Answer {

		@Override
		public void accept(Handler handler) {
			handler.scrapeShare(this);
		}

	}

	/**
	 * An Actuator request for one worker, or for every ready worker, from the endpoint
	 * that took it.
	 *
	 * @param id pairs the answer
	 * @param instance the worker it is for, {@code null} for every ready worker
	 * @param request the request
	 */
	record EndpointQuery(String id, @Nullable Integer instance, EndpointRequest request) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.endpointQuery(this);
		}

	}

	/**
	 * A worker's answer to an {@link EndpointCall}.
	 *
	 * @param id the call it answers
	 * @param response what its endpoint answered
	 */
	record EndpointResult(String id, EndpointResponse response) implements ToSupervisor, Answer {

		@Override
		public void accept(Handler handler) {
			handler.endpointResult(this);
		}

	}

	/**
	 * One of the app's messages, for every worker or for one.
	 *
	 * @param topic what it is about
	 * @param payload the payload as JSON
	 * @param payloadType the payload's Java class
	 * @param sender the sending worker's index, -1 for the Actuator endpoint
	 * @param target the worker it is for, {@code null} for every worker
	 */
	record AppMessage(String topic, String payload, String payloadType, int sender,
			@Nullable Integer target) implements ToSupervisor {

		@Override
		public void accept(Handler handler) {
			handler.appMessage(this);
		}

		/** This message as the supervisor delivers it. */
		public Delivery delivery() {
			return new Delivery(this.topic, this.payload, this.payloadType, this.sender);
		}

	}

	/**
	 * Is this worker alive? It answers with a {@link Pong} from the thread that reads the
	 * channel.
	 *
	 * @param sequence pairs the answer
	 */
	record Ping(long sequence) implements ToWorker {

		@Override
		public void accept(Handler handler) {
			handler.ping(this);
		}

	}

	/**
	 * Stop gracefully and exit.
	 *
	 * @param retiring whether the worker's slot goes away with it (a scale-down), rather
	 * than a new JVM taking it over (a reload, a restart)
	 */
	record Shutdown(boolean retiring) implements ToWorker {

		/** A stop whose slot a new JVM takes over, or that the whole cluster makes. */
		public Shutdown() {
			this(false);
		}

		@Override
		public void accept(Handler handler) {
			handler.shutdown(this);
		}

	}

	/**
	 * Take connections without a limit from now on: no warm worker serves beside this
	 * one.
	 */
	record EndSlowStart() implements ToWorker {

		@Override
		public void accept(Handler handler) {
			handler.endSlowStart(this);
		}

	}

	/**
	 * The status asked for.
	 *
	 * @param id the query's id
	 * @param status the status
	 */
	record StatusAnswer(String id, ClusterStatus status) implements ToWorker, Answer {

		@Override
		public void accept(Handler handler) {
			handler.statusAnswer(this);
		}

	}

	/**
	 * What became of an operator's request.
	 *
	 * @param id the query's id
	 * @param outcome the outcome
	 */
	record OperationAnswer(String id, OperationOutcome outcome) implements ToWorker, Answer {

		@Override
		public void accept(Handler handler) {
			handler.operationAnswer(this);
		}

	}

	/**
	 * The merged cluster-wide scrape.
	 *
	 * @param id the query's id
	 * @param text every ready worker's series, labelled, and the supervisor's own;
	 * {@code null} when it could not be sent
	 * @param error why there is no text
	 */
	record ClusterScrapeAnswer(String id, @Nullable String text, @Nullable String error) implements ToWorker, Answer {

		@Override
		public void accept(Handler handler) {
			handler.clusterScrapeAnswer(this);
		}

	}

	/**
	 * The supervisor asks for this worker's own scrape.
	 *
	 * @param id pairs the {@link ScrapeShare}
	 * @param format the text format
	 * @param names the meters to include, or {@code null} for all
	 */
	record ScrapeShareQuery(String id, ScrapeFormat format, @Nullable List<String> names) implements ToWorker {

		@Override
		public void accept(Handler handler) {
			handler.scrapeShareQuery(this);
		}

	}

	/**
	 * One of the app's messages, delivered.
	 *
	 * @param topic what it is about
	 * @param payload the payload as JSON
	 * @param payloadType the payload's Java class
	 * @param sender the sending worker's index, -1 for the Actuator endpoint
	 */
	record Delivery(String topic, String payload, String payloadType, int sender) implements ToWorker {

		@Override
		public void accept(Handler handler) {
			handler.delivery(this);
		}

	}

	/**
	 * The supervisor hands this worker an Actuator request, which its own endpoint
	 * answers.
	 *
	 * @param id pairs the {@link EndpointResult}
	 * @param request the request
	 */
	record EndpointCall(String id, EndpointRequest request) implements ToWorker {

		@Override
		public void accept(Handler handler) {
			handler.endpointCall(this);
		}

	}

	/**
	 * The answers to an {@link EndpointQuery}.
	 *
	 * @param id the query's id
	 * @param responses each worker's answer, by index
	 * @param missing the workers asked that did not answer in time
	 */
	record EndpointAnswer(String id, Map<Integer, EndpointResponse> responses,
			List<Integer> missing) implements ToWorker, Answer {

		public EndpointAnswer {
			responses = Collections.unmodifiableMap(new TreeMap<>(responses));
			missing = List.copyOf(missing);
		}

		@Override
		public void accept(Handler handler) {
			handler.endpointAnswer(this);
		}

	}

}
