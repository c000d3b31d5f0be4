package dev.clusterboot.testapp.jetty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A servlet app on Jetty; its controllers and test behaviours come from the test-app
 * support.
 */
@SpringBootApplication
public class JettyTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(JettyTestApplication.class, args);
	}

}
