package dev.clusterboot.worker;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.clusterboot.channel.ChannelMessage;
import dev.clusterboot.channel.ToSupervisor;
import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.EndpointResponse;

/**
 * What the supervisor says to this worker, each message handled off the channel's thread
 * when it may take time.
 */
final class SupervisorMessages implements ToWorker.Handler {

	private static final Log logger = LogFactory.getLog(WorkerAgent.class);

	private final WorkerAgent agent;

	SupervisorMessages(WorkerAgent agent) {
		this.agent = agent;
	}

	/**
	 * Answered on the thread that reads the channel, so that a JVM that is frozen, or
	 * whose channel is stuck, does not answer.
	 */
	@Override
	public void ping(ToWorker.Ping message) {
		this.agent.trySend(new ToSupervisor.Pong(message.sequence()), "a heartbeat");
	}

	@Override
	public void shutdown(ToWorker.Shutdown message) {
		this.agent.shutdown(message.retiring() ? "the supervisor asked: its slot goes away" : "the supervisor asked",
				message.retiring());
	}

	@Override
	public void endSlowStart(ToWorker.EndSlowStart message) {
		this.agent.slowStart().end("no warm worker serves beside this one");
	}

	@Override
	public void statusAnswer(ToWorker.StatusAnswer message) {
		this.agent.answered(message);
	}

	@Override
	public void operationAnswer(ToWorker.OperationAnswer message) {
		this.agent.answered(message);
	}

	@Override
	public void clusterScrapeAnswer(ToWorker.ClusterScrapeAnswer message) {
		this.agent.answered(message);
	}

	@Override
	public void scrapeShareQuery(ToWorker.ScrapeShareQuery message) {
		this.agent.answering.execute(() -> {
			String text;
			try {
				text = this.agent.scrapeSource.scrape(message.format(), message.names());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not scrape this worker's meters: " + ex);
				text = null;
			}
			if (text != null && text.length() > ChannelMessage.MAX_SCRAPE_CHARS) {
				logger.warn("This worker's scrape is " + text.length() + " characters, more than the channel "
						+ "carries: it is left out of the cluster-wide scrape");
				text = null;
			}
			this.agent.trySend(new ToSupervisor.ScrapeShare(message.id(), text), "this worker's scrape");
		});
	}

	@Override
	public void endpointCall(ToWorker.EndpointCall message) {
		this.agent.answering.execute(() -> {
			EndpointResponse response;
			try {
				response = this.agent.endpoints.handle(message.request());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not answer an Actuator request for this worker: " + ex);
				response = EndpointResponse.error(500, "Worker " + this.agent.instance() + " could not answer: " + ex);
			}
			if (response.body().length() > ChannelMessage.MAX_ENDPOINT_BODY_CHARS) {
				response = EndpointResponse.error(413,
						"Worker " + this.agent.instance() + "'s answer is " + response.body().length()
								+ " characters, more than the channel carries ("
								+ ChannelMessage.MAX_ENDPOINT_BODY_CHARS + "): ask for less");
			}
			this.agent.trySend(new ToSupervisor.EndpointResult(message.id(), response), "an Actuator answer");
		});
	}

	@Override
	public void endpointAnswer(ToWorker.EndpointAnswer message) {
		this.agent.answered(message);
	}

	@Override
	public void delivery(ToWorker.Delivery message) {
		this.agent.deliveries.accept(message);
	}

}
