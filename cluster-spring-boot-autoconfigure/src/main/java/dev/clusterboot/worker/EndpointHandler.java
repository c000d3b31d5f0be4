package dev.clusterboot.worker;

import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.EndpointResponse;

/**
 * This worker's own Actuator endpoints, for the requests other workers' endpoints hand to
 * it through the supervisor.
 */
@FunctionalInterface
public interface EndpointHandler {

	/**
	 * Answer a request with this worker's endpoint.
	 * @param request the request
	 * @return the endpoint's answer
	 */
	EndpointResponse handle(EndpointRequest request);

}
