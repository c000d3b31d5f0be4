package dev.clusterboot.server.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import dev.clusterboot.server.AdoptedServerSocketChannel;
import dev.clusterboot.server.SharedListener;

/**
 * Reactor Netty's event loops, with one difference: the server channel it asks for
 * accepts from a socket the supervisor shares instead of binding a socket of its own, or,
 * under SO_REUSEPORT, binds with that option. The loops are NIO ones, as an adopted
 * socket is a JDK channel.
 */
public final class SharedSocketLoopResources implements LoopResources {

	private final LoopResources loops;

	/**
	 * Where the server channel's socket comes from; {@code null} to bind one with
	 * SO_REUSEPORT.
	 */
	private final @Nullable ServerChannels serverChannels;

	private SharedSocketLoopResources(String prefix, @Nullable ServerChannels serverChannels) {
		this.loops = LoopResources.create(prefix, LoopResources.DEFAULT_IO_WORKER_COUNT, true);
		this.serverChannels = serverChannels;
	}

	/** For the web server: {@code server.port}'s shared socket. */
	SharedSocketLoopResources() {
		this("cluster-http", SharedListener::receive);
	}

	/**
	 * For another server: the socket the supervisor shares for its port.
	 * @param prefix the event loop threads' name
	 * @param port the server's port
	 * @param host the address it binds, {@code null} for every address
	 * @return the loops
	 */
	public static SharedSocketLoopResources sharing(String prefix, int port, @Nullable String host) {
		return new SharedSocketLoopResources(prefix, () -> SharedListener.receive(port, host));
	}

	/**
	 * For another server: a socket of its own, bound with SO_REUSEPORT.
	 * @param prefix the event loop threads' name
	 * @return the loops
	 */
	public static LoopResources reusePort(String prefix) {
		return new SharedSocketLoopResources(prefix, null);
	}

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
			if (this.serverChannels == null) {
				NioServerSocketChannel channel = new NioServerSocketChannel();
				channel.config().setOption(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
				return channelType.cast(channel);
			}
			try {
				return channelType.cast(new AdoptedServerSocketChannel(this.serverChannels.receive()));
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

	/** Where the server channel's socket comes from. */
	@FunctionalInterface
	private interface ServerChannels {

		java.nio.channels.ServerSocketChannel receive() throws IOException;

	}

}
