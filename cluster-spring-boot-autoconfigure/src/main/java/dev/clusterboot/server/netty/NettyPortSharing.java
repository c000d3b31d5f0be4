package dev.clusterboot.server.netty;

import java.net.StandardSocketOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.channel.unix.UnixChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.ProxyProtocolSupportType;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.util.ClassUtils;

import dev.clusterboot.drain.DrainingServer;
import dev.clusterboot.worker.ConnectionLimit;

/**
 * How a Reactor Netty worker joins the shared port and leaves it.
 */
public final class NettyPortSharing {

	private NettyPortSharing() {
	}

	/**
	 * Read the PROXY protocol header that the supervisor's proxy sends ahead of each
	 * connection, so that the app sees the client's address. Required: every connection
	 * comes from the proxy.
	 * @param accepted told once the server reads it
	 * @return the customizer
	 */
	public static NettyServerCustomizer proxyProtocol(Runnable accepted) {
		return (server) -> {
			accepted.run();
			return server.proxyProtocol(ProxyProtocolSupportType.ON);
		};
	}

	/**
	 * Bind with SO_REUSEPORT. The option must match the transport, or Netty only logs it
	 * as unknown and the bind then fails; Reactor Netty prefers the native transport
	 * where it is available.
	 */
	public static NettyServerCustomizer reusePort() {
		return (server) -> nativeTransport() ? server.option(UnixChannelOption.SO_REUSEPORT, true)
				: server.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
	}

	/**
	 * Close a kept-alive connection after {@code max} requests, as Tomcat does by
	 * default: a connection stays with the worker that accepted it, so connections that
	 * live long would otherwise stay where a burst of connects put them.
	 * @param max requests per connection
	 * @return the customizer
	 */
	public static NettyServerCustomizer maxKeepAliveRequests(int max) {
		return (server) -> server.maxKeepAliveRequests(max);
	}

	/**
	 * Accept from the supervisor's shared socket, through loops that hand Netty the
	 * adopted channel. The factory's shared {@code ReactorResourceFactory} is taken off
	 * the server, because the server would otherwise be moved onto its loops when it
	 * starts; clients such as {@code WebClient} keep using it. The server holds at most
	 * as many connections as the worker's slow start allows.
	 * @param factory the Reactor Netty server factory
	 * @param limit the slow start's limit
	 */
	public static void sharedSocket(NettyReactiveWebServerFactory factory, ConnectionLimit limit) {
		factory.setResourceFactory(null);
		AcceptGate gate = new AcceptGate(limit);
		factory.addServerCustomizers((server) -> gate.apply(server.runOn(new SharedSocketLoopResources(), false)));
	}

	private static boolean nativeTransport() {
		ClassLoader loader = NettyPortSharing.class.getClassLoader();
		boolean preferNative = Boolean.parseBoolean(System.getProperty("reactor.netty.native", "true"));
		return preferNative && ((ClassUtils.isPresent("io.netty.channel.epoll.Epoll", loader) && Epoll.isAvailable())
				|| (ClassUtils.isPresent("io.netty.channel.kqueue.KQueue", loader) && KQueue.isAvailable()));
	}

	/**
	 * A Reactor Netty worker's part in the drain. It remembers the bound server, whose
	 * listening channel can be closed on its own while the connections it accepted carry
	 * on, and those connections. Reactor Netty ends an HTTP/1.1 connection after a
	 * response that says {@code Connection: close}, chunked where its length is unknown;
	 * the reactive drain filter says it. An HTTP/2 connection gets a GOAWAY when the
	 * worker leaves: its client opens new streams on a new connection, to another worker,
	 * while those in flight finish.
	 */
	public static final class Listener implements NettyServerCustomizer, DrainingServer {

		private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

		private volatile @Nullable DisposableServer bound;

		@Override
		public HttpServer apply(HttpServer server) {
			return server.doOnBound((disposable) -> this.bound = disposable)
				.doOnChannelInit((observer, channel, remoteAddress) -> {
					// Accepted connections only, not an HTTP/2 connection's streams.
					if (!(channel.parent() instanceof ServerChannel)) {
						return;
					}
					this.connections.add(channel);
					channel.closeFuture().addListener((closed) -> this.connections.remove(channel));
				});
		}

		@Override
		public boolean leave() {
			DisposableServer server = this.bound;
			if (server == null) {
				return false;
			}
			server.channel().close().syncUninterruptibly();
			for (Channel connection : this.connections) {
				if (connection.pipeline().get(Http2FrameCodec.class) != null) {
					connection.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
				}
			}
			return true;
		}

		@Override
		public int openConnections() {
			return this.connections.size();
		}

	}

}
