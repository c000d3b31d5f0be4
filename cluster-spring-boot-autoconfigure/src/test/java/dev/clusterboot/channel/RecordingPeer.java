package dev.clusterboot.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A worker's connection in the supervisor's tests: records what it is sent, and once
 * closed refuses it, as the real connection does.
 */
public final class RecordingPeer implements ChannelPeer {

	private final int instance;

	private final List<ToWorker> sent = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	public RecordingPeer(int instance) {
		this.instance = instance;
	}

	/**
	 * What it was sent of one kind, in order.
	 * @param <M> the kind
	 * @param kind the message's record
	 * @return the messages
	 */
	public <M extends ToWorker> List<M> sent(Class<M> kind) {
		return this.sent.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	@Override
	public int instance() {
		return this.instance;
	}

	@Override
	public long pid() {
		return 100 + this.instance;
	}

	@Override
	public String secret() {
		return "secret-" + this.instance;
	}

	@Override
	public boolean send(ToWorker message) {
		return !this.closed && this.sent.add(message);
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
