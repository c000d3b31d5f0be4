package dev.clusterboot.testapp.secured.servlet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A servlet app whose Actuator endpoints Spring Security protects, as
 * {@link ActuatorSecurity} does.
 */
@SpringBootApplication
public class SecuredServletApplication {

	public static void main(String[] args) {
		SpringApplication.run(SecuredServletApplication.class, args);
	}

}
