package dev.clusterboot.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The supervisor's side of a channel in tests: records what authenticated workers do, in
 * order.
 */
public class RecordingListener implements ChannelServer.Listener {

	/**
	 * One line per event: "connected INSTANCE PID", "received Online PORT", "received
	 * KIND", "disconnected INSTANCE".
	 */
	public final List<String> events = new CopyOnWriteArrayList<>();

	public final List<ToSupervisor> received = new CopyOnWriteArrayList<>();

	public final List<ChannelPeer> connections = new CopyOnWriteArrayList<>();

	@Override
	public void connected(ChannelPeer peer) {
		this.connections.add(peer);
		this.events.add("connected " + peer.instance() + " " + peer.pid());
	}

	@Override
	public void received(ChannelPeer peer, ToSupervisor message) {
		this.received.add(message);
		this.events.add("received " + message.getClass().getSimpleName()
				+ ((message instanceof ToSupervisor.Online online) ? " " + online.port() : ""));
	}

	@Override
	public void disconnected(ChannelPeer peer) {
		this.events.add("disconnected " + peer.instance());
	}

}
