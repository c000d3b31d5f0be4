package dev.clusterboot.actuate;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;

import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.contract.Untrusted;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Actuator's {@code caches} endpoint over the web, in a worker: an eviction, of every
 * cache or of one, is applied by every ready worker, so that no worker keeps serving what
 * was evicted "for the app". Takes the place of Spring Boot's own web extension, whose
 * reads it keeps; one worker's caches are at {@code /actuator/cluster/workers/N/caches}.
 */
@EndpointWebExtension(endpoint = CachesEndpoint.class)
public class ClusterCachesWebExtension extends CachesEndpointWebExtension {

	private static final Log logger = LogFactory.getLog(ClusterCachesWebExtension.class);

	private final CachesEndpoint caches;

	private final WorkerAgent agent;

	/**
	 * Create the extension.
	 * @param caches the worker's own endpoint
	 * @param agent the link to the supervisor
	 */
	public ClusterCachesWebExtension(CachesEndpoint caches, WorkerAgent agent) {
		super(caches);
		this.caches = caches;
		this.agent = agent;
	}

	/**
	 * Clear every cache of every worker: 204 once every ready worker did, 502 when some
	 * did not, with the workers named in this worker's log.
	 */
	@DeleteOperation
	public void clearCaches() {
		// Void, as the endpoint's own operation is: the same request predicate, which
		// this
		// one then replaces.
		if (LocalEndpoints.isAnswering()) {
			this.caches.clearCaches();
			return;
		}
		AppliedToAll.apply(this.agent, new EndpointRequest("DELETE", "caches", Map.of(), null))
			.require("Every cache cleared", logger);
	}

	/**
	 * Clear one cache in every worker: 204 once every ready worker did, 404 when no
	 * worker has it, 400 when its name is ambiguous, 502 when some workers did not.
	 * @param cache the cache
	 * @param cacheManager its cache manager, where names are not unique
	 * @return the status
	 */
	@Override
	@DeleteOperation
	public WebEndpointResponse<Void> clearCache(@Selector String cache, @Nullable String cacheManager) {
		if (LocalEndpoints.isAnswering()) {
			return super.clearCache(cache, cacheManager);
		}
		Map<String, String> arguments = (cacheManager != null) ? Map.of("cacheManager", cacheManager) : Map.of();
		AppliedToAll.Outcome outcome = AppliedToAll.apply(this.agent,
				new EndpointRequest("DELETE", "caches/" + cache, arguments, null));
		if (outcome.isUniformly(WebEndpointResponse.STATUS_NOT_FOUND)
				|| outcome.isUniformly(WebEndpointResponse.STATUS_BAD_REQUEST)) {
			return new WebEndpointResponse<>(outcome.failedStatus());
		}
		outcome.require("Cache " + Untrusted.forLog(cache) + " cleared", logger);
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
	}

}
