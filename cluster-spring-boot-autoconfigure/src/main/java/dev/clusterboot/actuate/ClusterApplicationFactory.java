package dev.clusterboot.actuate;

import de.codecentric.boot.admin.client.registration.Application;
import de.codecentric.boot.admin.client.registration.ApplicationFactory;

/**
 * What a worker registers with Spring Boot Admin: the app as Spring Boot Admin's client
 * describes it, with this worker's own Actuator address,
 * {@code /actuator/cluster/workers/N}, so that each worker is an instance of its own,
 * reached whichever worker takes the connection. The instance's id follows from its
 * health URL, so from the worker index: a reload's new JVM registers the same instance
 * again, with its pid, and leaves no ghost.
 */
public final class ClusterApplicationFactory implements ApplicationFactory {

	private final ApplicationFactory delegate;

	private final int instance;

	private final LocalEndpoints local;

	/**
	 * Wrap Spring Boot Admin's factory.
	 * @param delegate what Spring Boot Admin's client would register
	 * @param instance this worker's index
	 * @param local this worker's endpoints, told their address
	 */
	public ClusterApplicationFactory(ApplicationFactory delegate, int instance, LocalEndpoints local) {
		this.delegate = delegate;
		this.instance = instance;
		this.local = local;
	}

	@Override
	public Application createApplication() {
		Application app = this.delegate.createApplication();
		String management = app.getManagementUrl();
		String base = (management.endsWith("/") ? management.substring(0, management.length() - 1) : management);
		String worker = base + "/cluster/workers/" + this.instance;
		this.local.reachedAt(worker);
		return Application.create(app.getName())
			.managementUrl(worker)
			.healthUrl(worker + "/health")
			.serviceUrl(app.getServiceUrl())
			.metadata(app.getMetadata())
			.metadata("cluster.worker", Integer.toString(this.instance))
			.metadata("cluster.pid", Long.toString(ProcessHandle.current().pid()))
			.build();
	}

}
