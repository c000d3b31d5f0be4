package dev.clusterboot.testapp.tomcat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A servlet app on Tomcat; its controllers and test behaviours come from the test-app
 * support.
 */
@SpringBootApplication
public class TomcatTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(TomcatTestApplication.class, args);
	}

}
