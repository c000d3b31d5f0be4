package dev.clusterboot.worker;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Makes closing the listening sockets the first step of every close of a worker's
 * context, whoever started it: the supervisor's {@code shutdown}, a SIGTERM, the Actuator
 * shutdown endpoint. It runs on {@link ContextClosedEvent}, after Spring has set
 * readiness to REFUSING_TRAFFIC and before any {@code SmartLifecycle} stops, so no new
 * connection reaches a worker while the graceful web server shutdown finishes the
 * requests in flight. Then it lets the {@link Draining} period pass, so kept-alive
 * connections move to other workers first.
 */
public class ListenersClosingFirst
		implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware, Ordered {

	private static final Log logger = LogFactory.getLog(ListenersClosingFirst.class);

	private final List<ListenerCloser> closers;

	private final Draining draining;

	private ApplicationContext context;

	public ListenersClosingFirst(List<ListenerCloser> closers, Draining draining) {
		this.closers = List.copyOf(closers);
		this.draining = draining;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context) {
			// A child context, such as the management server's, closing on its own.
			return;
		}
		boolean closedAny = false;
		for (ListenerCloser closer : this.closers) {
			try {
				closedAny |= closer.closeListener();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not close a listening socket before the graceful shutdown: " + ex.getMessage());
			}
		}
		if (closedAny) {
			// A worker without a web server has no connection to drain.
			this.draining.drain();
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
