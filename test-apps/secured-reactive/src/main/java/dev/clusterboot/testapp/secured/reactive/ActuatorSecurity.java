package dev.clusterboot.testapp.secured.reactive;

import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The recipe of docs/operations.md ("Securing the endpoint"), for a WebFlux app: anyone
 * may read health, only users with the OPS role reach the cluster endpoint, nothing else
 * of Actuator is reachable.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecurity {

	@Bean
	@Order(1)
	SecurityWebFilterChain actuator(ServerHttpSecurity http) {
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeExchange((exchanges) -> exchanges.matchers(EndpointRequest.to("health"))
				.permitAll()
				.matchers(EndpointRequest.to("cluster"))
				.hasRole("OPS")
				.anyExchange()
				.denyAll())
			.httpBasic(Customizer.withDefaults())
			// This chain covers Actuator's endpoints only, which scripts call, not
			// browser sessions.
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

}
