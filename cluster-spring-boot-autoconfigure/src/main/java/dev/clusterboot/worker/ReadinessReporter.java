package dev.clusterboot.worker;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.util.ClassUtils;

/**
 * Reports the worker online when Spring's readiness reaches ACCEPTING_TRAFFIC, with the
 * port of its main web server and, if it has one, of its management server. An app that
 * holds readiness back, for instance in an {@code ApplicationRunner} warming a cache,
 * holds back the report too (PM2's {@code wait_ready}).
 */
public class ReadinessReporter implements SmartApplicationListener {

	private static final boolean WEB_SERVER_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.web.server.context.WebServerInitializedEvent",
			ReadinessReporter.class.getClassLoader());

	private final WorkerAgent agent;

	private volatile int port;

	private volatile Integer managementPort;

	public ReadinessReporter(WorkerAgent agent) {
		this.agent = agent;
	}

	/**
	 * Only the two kinds of event it reads: Spring caches this per event type, so the
	 * listener is never called for the events published on every request.
	 */
	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return AvailabilityChangeEvent.class.isAssignableFrom(eventType)
				|| (WEB_SERVER_PRESENT && WebServers.isWebServerEvent(eventType));
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (WEB_SERVER_PRESENT && WebServers.isWebServerEvent(event.getClass())) {
			// The management server's context is a child: its events reach this listener
			// too.
			if (WebServers.isManagementServer(event)) {
				this.managementPort = WebServers.port(event);
			}
			else {
				this.port = WebServers.port(event);
			}
		}
		if (event instanceof AvailabilityChangeEvent<?> change
				&& change.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.agent.reportOnline(this.port, this.managementPort);
		}
		if (event instanceof AvailabilityChangeEvent<?> change && change.getState() == LivenessState.BROKEN) {
			// What a Kubernetes liveness probe would restart the pod for: the supervisor
			// replaces it.
			this.agent.reportBroken();
		}
	}

	/** Kept apart so that this class loads in apps without a web server. */
	private static final class WebServers {

		static boolean isWebServerEvent(Class<? extends ApplicationEvent> eventType) {
			return org.springframework.boot.web.server.context.WebServerInitializedEvent.class
				.isAssignableFrom(eventType);
		}

		static boolean isManagementServer(ApplicationEvent event) {
			return "management".equals(((org.springframework.boot.web.server.context.WebServerInitializedEvent) event)
				.getApplicationContext()
				.getServerNamespace());
		}

		static int port(ApplicationEvent event) {
			return ((org.springframework.boot.web.server.context.WebServerInitializedEvent) event).getWebServer()
				.getPort();
		}

	}

}
