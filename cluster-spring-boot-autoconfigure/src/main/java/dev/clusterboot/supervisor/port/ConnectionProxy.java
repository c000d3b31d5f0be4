package dev.clusterboot.supervisor.port;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The portable mechanism: the supervisor accepts on the public port and relays each
 * connection, byte for byte, to the next ready worker (round robin) on its private
 * loopback port.
 *
 * <p>
 * Draining is exact: a worker that leaves gets no new connection from the next accept on,
 * while its open connections carry on until either side closes. Each side is closed only
 * after what the other side sent has been flushed, so no response is cut short.
 */
final class ConnectionProxy implements SharedPort {

	private static final Log logger = LogFactory.getLog(ConnectionProxy.class);

	private final EventLoopGroup group;

	private final Channel listener;

	/** The ready workers by process id. */
	private final Map<Long, Backend> backends = new ConcurrentSkipListMap<>();

	private final AtomicInteger next = new AtomicInteger();

	private ConnectionProxy(EventLoopGroup group, @Nullable String host, int port) throws IOException {
		this.group = group;
		ServerBootstrap bootstrap = new ServerBootstrap().group(group)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childOption(ChannelOption.AUTO_READ, false)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new ClientSide());
				}
			});
		InetSocketAddress address = SharedPort.bindAddress(host, port);
		try {
			this.listener = bootstrap.bind(address).sync().channel();
		}
		catch (Exception ex) {
			throw new IOException("Cannot listen on " + address + ": " + ex.getMessage(), ex);
		}
	}

	static ConnectionProxy start(@Nullable String host, int port) throws IOException {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
		try {
			return new ConnectionProxy(group, host, port);
		}
		catch (IOException ex) {
			group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			throw ex;
		}
	}

	@Override
	public int port() {
		return ((InetSocketAddress) this.listener.localAddress()).getPort();
	}

	@Override
	public int workerPort() {
		return 0;
	}

	@Override
	public void workerReady(long pid, int port, boolean proxyProtocol) {
		this.backends.put(pid, new Backend(new InetSocketAddress("127.0.0.1", port), proxyProtocol));
	}

	@Override
	public void workerLeaving(long pid) {
		this.backends.remove(pid);
	}

	/** The ready workers, starting with the next one in round-robin order. */
	private List<Backend> backendsInTurn() {
		List<Backend> ready = List.copyOf(this.backends.values());
		if (ready.isEmpty()) {
			return ready;
		}
		int first = Math.floorMod(this.next.getAndIncrement(), ready.size());
		List<Backend> inTurn = new ArrayList<>(ready.subList(first, ready.size()));
		inTurn.addAll(ready.subList(0, first));
		return inTurn;
	}

	@Override
	public void close() {
		this.listener.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/**
	 * Pass bytes on, and read more from their source only once they are written: the
	 * slower side sets the pace, so neither side buffers without bound.
	 */
	private static void relay(Object message, Channel from, Channel to) {
		to.writeAndFlush(message).addListener((ChannelFutureListener) (future) -> {
			if (future.isSuccess()) {
				from.read();
			}
			else {
				from.close();
				to.close();
			}
		});
	}

	private static void closeOnFlush(Channel channel) {
		if (channel.isActive()) {
			channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		}
	}

	/**
	 * The client's connection: connects to a worker, then relays what the client sends.
	 */
	private final class ClientSide extends ChannelInboundHandlerAdapter {

		private volatile @Nullable Channel worker;

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			List<Backend> candidates = backendsInTurn();
			if (candidates.isEmpty()) {
				logger.warn("No ready worker for a connection from " + ctx.channel().remoteAddress() + ": closing it");
				ctx.close();
				return;
			}
			connect(ctx.channel(), candidates, 0);
		}

		/**
		 * Connect to the candidates in turn: a worker that refuses (it has just closed
		 * its listener, or died) costs one attempt, and each worker is tried once.
		 */
		private void connect(Channel client, List<Backend> candidates, int index) {
			Bootstrap bootstrap = new Bootstrap().group(client.eventLoop())
				.channel(NioSocketChannel.class)
				.option(ChannelOption.AUTO_READ, false)
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(new WorkerSide(client));
			Backend backend = candidates.get(index);
			bootstrap.connect(backend.address()).addListener((ChannelFutureListener) (future) -> {
				if (future.isSuccess()) {
					Channel worker = future.channel();
					this.worker = worker;
					if (backend.proxyProtocol()) {
						// Ahead of the client's first byte: the worker learns who the
						// client is.
						worker.write(Unpooled
							.wrappedBuffer(ProxyProtocolHeader.of((InetSocketAddress) client.remoteAddress(),
									(InetSocketAddress) client.localAddress())));
					}
					client.read();
				}
				else if (index + 1 < candidates.size()) {
					connect(client, candidates, index + 1);
				}
				else {
					client.close();
				}
			});
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			relay(message, ctx.channel(), this.worker);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			if (this.worker != null) {
				closeOnFlush(this.worker);
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			closeOnFlush(ctx.channel());
		}

	}

	/**
	 * A ready worker.
	 *
	 * @param address where it listens
	 * @param proxyProtocol whether it reads a PROXY protocol header first
	 */
	private record Backend(InetSocketAddress address, boolean proxyProtocol) {
	}

	/** The worker's side of a relayed connection: relays what the worker answers. */
	private static final class WorkerSide extends ChannelInboundHandlerAdapter {

		private final Channel client;

		WorkerSide(Channel client) {
			this.client = client;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			ctx.read();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			relay(message, ctx.channel(), this.client);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			closeOnFlush(this.client);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			closeOnFlush(ctx.channel());
		}

	}

}
