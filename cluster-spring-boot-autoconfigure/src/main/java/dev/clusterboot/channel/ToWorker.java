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
 * What the supervisor says to a worker: one record per message, nested here and the only
 * ones of this direction, as the interface is sealed to those of its file.
 */
public sealed interface ToWorker extends ChannelMessage {

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

	/**
	 * Is this worker alive? It answers with a {@link ToSupervisor.Pong} from the thread
	 * that reads the channel.
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
	 * @param id pairs the {@link ToSupervisor.ScrapeShare}
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
	 * @param id pairs the {@link ToSupervisor.EndpointResult}
	 * @param request the request
	 */
	record EndpointCall(String id, EndpointRequest request) implements ToWorker {

		@Override
		public void accept(Handler handler) {
			handler.endpointCall(this);
		}

	}

	/**
	 * The answers to an {@link ToSupervisor.EndpointQuery}.
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
