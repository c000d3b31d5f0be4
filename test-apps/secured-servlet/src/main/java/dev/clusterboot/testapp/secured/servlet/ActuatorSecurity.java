package dev.clusterboot.testapp.secured.servlet;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The recipe of docs/operations.md ("Securing the endpoint"), for a servlet app: anyone
 * may read health, only users with the OPS role reach the cluster endpoint, nothing else
 * of Actuator is reachable. The operations are POSTs from scripts, so CSRF protection,
 * which guards browser sessions, is off for this endpoint only.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecurity {

	@Bean
	@Order(1)
	SecurityFilterChain actuator(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health"))
				.permitAll()
				.requestMatchers(EndpointRequest.to("cluster"))
				.hasRole("OPS")
				.anyRequest()
				.denyAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.to("cluster")));
		return http.build();
	}

}
