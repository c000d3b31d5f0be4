package dev.clusterboot.server.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import dev.clusterboot.server.AdoptedServerSocketChannel;
import dev.clusterboot.server.SharedListener;

/**
 * Reactor Netty's event loops, with one difference: the server channel it asks for
 * accepts from the supervisor's shared socket instead of binding a socket of its own. The
 * loops are NIO ones, as the adopted socket is a JDK channel.
 */
final class SharedSocketLoopResources implements LoopResources {

	private final LoopResources loops = LoopResources.create("cluster-http", LoopResources.DEFAULT_IO_WORKER_COUNT,
			true);

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.loops.onServer(false);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.loops.onServerSelect(false);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.loops.onClient(false);
	}

	@Override
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		if (channelType == ServerSocketChannel.class) {
			try {
				return channelType.cast(new AdoptedServerSocketChannel(SharedListener.receive()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return this.loops.onChannel(channelType, group);
	}

	@Override
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		return this.loops.onChannelClass(channelType, group);
	}

	@Override
	public boolean daemon() {
		return this.loops.daemon();
	}

	@Override
	public void dispose() {
		this.loops.dispose();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return this.loops.disposeLater(quietPeriod, timeout);
	}

}
