package dev.clusterboot.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The supervisor's side of a channel in tests: records what authenticated workers do, in order.
 */
public class RecordingListener implements ChannelServer.Listener {

	/** One line per event: "connected INSTANCE PID", "received TYPE PORT", "disconnected INSTANCE". */
	public final List<String> events = new CopyOnWriteArrayList<>();

	public final List<ChannelMessage> received = new CopyOnWriteArrayList<>();

	public final List<ChannelServer.Connection> connections = new CopyOnWriteArrayList<>();

	@Override
	public void connected(ChannelServer.Connection connection) {
		this.connections.add(connection);
		this.events.add("connected " + connection.instance() + " " + connection.pid());
	}

	@Override
	public void received(ChannelServer.Connection connection, ChannelMessage message) {
		this.received.add(message);
		this.events.add("received " + message.type() + " " + message.port());
	}

	@Override
	public void disconnected(ChannelServer.Connection connection) {
		this.events.add("disconnected " + connection.instance());
	}

}
