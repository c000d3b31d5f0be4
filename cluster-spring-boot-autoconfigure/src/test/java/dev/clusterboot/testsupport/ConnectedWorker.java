package dev.clusterboot.testsupport;

import java.io.IOException;
import java.time.Duration;

import dev.clusterboot.channel.ChannelServer;
import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.contract.WorkerEnvironment;
import dev.clusterboot.worker.WorkerAgent;

/**
 * A real {@link WorkerAgent}, worker 0 on port 8080 under {@code reuseport}, connected to
 * a real channel whose supervisor's side is the test's.
 */
public final class ConnectedWorker implements AutoCloseable {

	private final ChannelServer supervisorSide;

	private final WorkerAgent agent;

	private ConnectedWorker(ChannelServer supervisorSide, WorkerAgent agent) {
		this.supervisorSide = supervisorSide;
		this.agent = agent;
	}

	/**
	 * Connect a worker.
	 * @param supervisor what the supervisor's side does with the worker's messages
	 * @return the connected worker
	 * @throws IOException when the channel cannot be opened
	 */
	public static ConnectedWorker connect(ChannelServer.Listener supervisor) throws IOException {
		ChannelServer server = ChannelServer.open(supervisor);
		WorkerAgent agent = WorkerAgent.connect(new WorkerEnvironment(0, server.socketPath(), server.tickets().issue(0),
				PortSharing.REUSEPORT, 8080, null, false, Duration.ZERO), Duration.ofSeconds(5));
		return new ConnectedWorker(server, agent);
	}

	public WorkerAgent agent() {
		return this.agent;
	}

	@Override
	public void close() {
		// The agent first: a worker whose supervisor vanishes would exit the JVM.
		this.agent.close();
		this.supervisorSide.close();
	}

}
