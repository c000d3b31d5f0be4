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
 * What a worker says to its supervisor.: one record per message, nested here and the only
 * ones of this direction, as the interface is sealed to those of its file.
 */
public sealed interface ToSupervisor extends ChannelMessage {

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
	 * The answer to a {@link ToWorker.Ping}: this worker's channel is alive.
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
	 * A worker's answer to an {@link ToWorker.EndpointCall}.
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
		public ToWorker.Delivery delivery() {
			return new ToWorker.Delivery(this.topic, this.payload, this.payloadType, this.sender);
		}

	}

}
