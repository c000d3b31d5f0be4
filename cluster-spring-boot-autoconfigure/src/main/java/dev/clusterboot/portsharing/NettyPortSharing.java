package dev.clusterboot.portsharing;

import java.net.StandardSocketOptions;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.util.ClassUtils;

import dev.clusterboot.worker.ListenerCloser;

/**
 * How a Reactor Netty worker joins the shared port and leaves it.
 */
public final class NettyPortSharing {

	private NettyPortSharing() {
	}

	/**
	 * Bind with SO_REUSEPORT. The option must match the transport, or Netty only logs it as
	 * unknown and the bind then fails; Reactor Netty prefers the native transport where it is
	 * available.
	 */
	public static NettyServerCustomizer reusePort() {
		return (server) -> nativeTransport() ? server.option(UnixChannelOption.SO_REUSEPORT, true)
				: server.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
	}

	private static boolean nativeTransport() {
		ClassLoader loader = NettyPortSharing.class.getClassLoader();
		boolean preferNative = Boolean.parseBoolean(System.getProperty("reactor.netty.native", "true"));
		return preferNative && ((ClassUtils.isPresent("io.netty.channel.epoll.Epoll", loader) && Epoll.isAvailable())
				|| (ClassUtils.isPresent("io.netty.channel.kqueue.KQueue", loader) && KQueue.isAvailable()));
	}

	/**
	 * Remembers the bound server, whose listening channel can be closed on its own while the
	 * connections it accepted carry on.
	 */
	public static final class Listener implements NettyServerCustomizer, ListenerCloser {

		private volatile DisposableServer bound;

		@Override
		public HttpServer apply(HttpServer server) {
			return server.doOnBound((disposable) -> this.bound = disposable);
		}

		@Override
		public void closeListener() {
			DisposableServer server = this.bound;
			if (server != null) {
				server.channel().close().syncUninterruptibly();
			}
		}

	}

}
