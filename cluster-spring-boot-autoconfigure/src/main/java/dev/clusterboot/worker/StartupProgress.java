package dev.clusterboot.worker;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;

/**
 * Counts Spring's start-up steps (each bean created, each phase of the refresh) and tells
 * the supervisor that the start goes on, so that a slow start on busy cores is not taken
 * for a hung one. It wraps the app's own {@link ApplicationStartup}, which still records
 * what it records.
 */
public final class StartupProgress implements ApplicationStartup {

	private final ApplicationStartup delegate;

	private final WorkerAgent agent;

	private final AtomicLong steps = new AtomicLong();

	/**
	 * Wrap the app's start-up recorder.
	 * @param delegate the app's own, often {@link ApplicationStartup#DEFAULT}
	 * @param agent reports the progress
	 */
	public StartupProgress(ApplicationStartup delegate, WorkerAgent agent) {
		this.delegate = delegate;
		this.agent = agent;
	}

	@Override
	public StartupStep start(String name) {
		this.agent.reportProgress(this.steps.incrementAndGet());
		return this.delegate.start(name);
	}

}
