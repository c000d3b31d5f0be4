package dev.clusterboot.testapp.secured.reactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux app whose Actuator endpoints Spring Security protects, as
 * {@link ActuatorSecurity} does.
 */
@SpringBootApplication
public class SecuredReactiveApplication {

	public static void main(String[] args) {
		SpringApplication.run(SecuredReactiveApplication.class, args);
	}

}
