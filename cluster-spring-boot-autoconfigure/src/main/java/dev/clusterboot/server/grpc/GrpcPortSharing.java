package dev.clusterboot.server.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.server.AdoptedServerSocketChannel;
import dev.clusterboot.server.SharedListener;

/**
 * How a worker's gRPC server joins the shared gRPC port, by the mechanism in force: it
 * accepts from the socket the supervisor shares, binds with SO_REUSEPORT, or listens on a
 * private loopback port behind the supervisor's relay. The server runs on event loops of
 * its own, NIO ones, as the adopted socket is a JDK channel; they are shut down with the
 * context, after the server.
 */
public final class GrpcPortSharing implements ServerBuilderCustomizer<NettyServerBuilder>, DisposableBean {

	private final PortSharing mechanism;

	private final int port;

	private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
			new DefaultThreadFactory("cluster-grpc-boss", true), NioIoHandler.newFactory());

	private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0,
			new DefaultThreadFactory("cluster-grpc", true), NioIoHandler.newFactory());

	/**
	 * The gRPC server's part of the port.
	 * @param mechanism the mechanism in force
	 * @param port the gRPC server's public port ({@code spring.grpc.server.port})
	 */
	public GrpcPortSharing(PortSharing mechanism, int port) {
		this.mechanism = mechanism;
		this.port = port;
	}

	@Override
	public void customize(NettyServerBuilder builder) {
		builder.bossEventLoopGroup(this.boss).workerEventLoopGroup(this.workers);
		switch (this.mechanism) {
			case SHARED_SOCKET -> {
				// Fetched here, where a failure ends the start with its reason: thrown by
				// the channel factory, grpc-java would report its own failure to close a
				// channel that never was instead.
				ServerSocketChannel adopted = receive();
				builder.channelFactory(() -> new AdoptedServerSocketChannel(adopted));
			}
			case REUSEPORT -> builder.channelType(NioServerSocketChannel.class)
				.withOption(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
			// Only the supervisor's relay talks to it.
			case PROXY -> builder.channelFactory(LoopbackServerSocketChannel::new);
			case AUTO -> throw new IllegalStateException("A worker runs a resolved mechanism, not auto");
		}
	}

	private ServerSocketChannel receive() {
		try {
			return SharedListener.receive(this.port, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void destroy() {
		this.boss.shutdownGracefully();
		this.workers.shutdownGracefully();
	}

	/**
	 * Binds the port it is given on the loopback address: grpc-java's builder binds every
	 * address, and Spring Boot's gRPC server sets only its port.
	 */
	static final class LoopbackServerSocketChannel extends NioServerSocketChannel {

		@Override
		protected void doBind(SocketAddress localAddress) throws Exception {
			super.doBind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
					((InetSocketAddress) localAddress).getPort()));
		}

	}

}
