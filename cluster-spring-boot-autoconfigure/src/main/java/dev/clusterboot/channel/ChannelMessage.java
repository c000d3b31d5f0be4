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
public sealed interface ChannelMessage permits ChannelMessage.Hello, ToSupervisor, ToWorker {

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

}
