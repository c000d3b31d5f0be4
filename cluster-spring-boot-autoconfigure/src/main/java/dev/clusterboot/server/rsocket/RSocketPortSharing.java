package dev.clusterboot.server.rsocket;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.rsocket.netty.NettyRSocketServerFactory;
import org.springframework.http.client.ReactorResourceFactory;

import dev.clusterboot.contract.PortSharing;
import dev.clusterboot.server.netty.SharedSocketLoopResources;

/**
 * How a worker's standalone RSocket server joins the shared RSocket port: Spring Boot's
 * factory gets event loops whose server channel accepts from the socket the supervisor
 * shares, or binds with SO_REUSEPORT; behind the proxy the server listens on a loopback
 * port the worker settled, and needs nothing here. Those loops serve the RSocket server
 * alone, and are disposed with the context.
 */
public final class RSocketPortSharing implements BeanPostProcessor, DisposableBean {

	private final PortSharing mechanism;

	private final int port;

	private final @Nullable String host;

	private @Nullable ReactorResourceFactory resources;

	/**
	 * The RSocket server's part of the port.
	 * @param mechanism the mechanism in force
	 * @param port its public port ({@code spring.rsocket.server.port})
	 * @param host the address it binds ({@code spring.rsocket.server.address}), or
	 * {@code null} for every address
	 */
	public RSocketPortSharing(PortSharing mechanism, int port, @Nullable String host) {
		this.mechanism = mechanism;
		this.port = port;
		this.host = host;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof NettyRSocketServerFactory factory && this.mechanism != PortSharing.PROXY) {
			factory.setResourceFactory(resources());
		}
		return bean;
	}

	private synchronized ReactorResourceFactory resources() {
		if (this.resources == null) {
			ReactorResourceFactory resources = new ReactorResourceFactory();
			resources.setUseGlobalResources(false);
			resources.setLoopResources((this.mechanism == PortSharing.SHARED_SOCKET)
					? SharedSocketLoopResources.sharing("cluster-rsocket", this.port, this.host)
					: SharedSocketLoopResources.reusePort("cluster-rsocket"));
			resources.afterPropertiesSet();
			this.resources = resources;
		}
		return this.resources;
	}

	@Override
	public synchronized void destroy() {
		if (this.resources != null) {
			this.resources.destroy();
		}
	}

}
