package dev.clusterboot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.clusterboot.actuate.ClusterEndpoint;
import dev.clusterboot.actuate.ReactiveRequestBodyLimitFilter;
import dev.clusterboot.actuate.RequestBodyLimit;
import dev.clusterboot.actuate.ServletRequestBodyLimitFilter;

/**
 * Where Actuator's endpoints are served, in the app's context or in the management
 * server's own: the {@link RequestBodyLimit} of the {@code cluster} endpoint.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
public final class ClusterEndpointManagementContextConfiguration {

	/** Room for the operation's own parameters and the JSON around the message. */
	private static final long ENVELOPE_BYTES = 4096;

	static RequestBodyLimit limit(ObjectProvider<PathMappedEndpoints> endpoints,
			ObjectProvider<ClusterProperties> properties) {
		long maxSize = properties.getIfAvailable(ClusterProperties::new).getMessaging().getMaxSize().toBytes();
		EndpointId cluster = EndpointId.of("cluster");
		return new RequestBodyLimit(() -> {
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			return (mapped != null) ? mapped.getPath(cluster) : null;
		}, maxSize + ENVELOPE_BYTES);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	static class ServletConfiguration {

		@Bean
		ServletRequestBodyLimitFilter clusterRequestBodyLimitFilter(ObjectProvider<PathMappedEndpoints> endpoints,
				ObjectProvider<ClusterProperties> properties) {
			return new ServletRequestBodyLimitFilter(limit(endpoints, properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	static class ReactiveConfiguration {

		@Bean
		ReactiveRequestBodyLimitFilter clusterRequestBodyLimitFilter(ObjectProvider<PathMappedEndpoints> endpoints,
				ObjectProvider<ClusterProperties> properties) {
			return new ReactiveRequestBodyLimitFilter(limit(endpoints, properties));
		}

	}

}
