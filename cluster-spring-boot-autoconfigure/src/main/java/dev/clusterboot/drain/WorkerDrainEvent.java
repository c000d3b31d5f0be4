package dev.clusterboot.drain;

import java.time.Duration;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;

/**
 * Published when this worker begins to drain: whoever closes its context (the
 * supervisor's reload or scale, a SIGTERM, Actuator's shutdown endpoint), it has stopped
 * accepting connections, and is about to end its long-lived ones. A listener may say
 * goodbye itself first: send a last server-sent event, a STOMP message, close its
 * WebSocket sessions with a reason of its own. What is still open when the listeners
 * return is ended by the starter: streamed responses are completed, WebSocket sessions
 * closed with 1001 (going away).
 *
 * <p>
 * Listeners run on the closing thread, before the drain waits for the connections to be
 * gone; what they take counts against {@code cluster.drain-timeout}.
 */
public class WorkerDrainEvent extends ApplicationEvent {

	private final Duration timeout;

	/**
	 * A drain begins.
	 * @param context the worker's application context
	 * @param timeout how long the drain waits, at most, for the connections to be gone
	 */
	public WorkerDrainEvent(ApplicationContext context, Duration timeout) {
		super(context);
		this.timeout = timeout;
	}

	/** The worker's application context. */
	public ApplicationContext getApplicationContext() {
		return (ApplicationContext) getSource();
	}

	/**
	 * How long the drain waits, at most, for the connections to be gone
	 * ({@code cluster.drain-timeout}).
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
