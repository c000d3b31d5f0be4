package dev.clusterboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ordinary Spring Boot app: nothing here knows about the cluster. The starter on the class
 * path and {@code cluster.instances} in {@code application.yml} make the launched process a
 * supervisor of worker JVMs.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
