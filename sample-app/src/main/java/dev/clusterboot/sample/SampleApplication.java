package dev.clusterboot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * An ordinary Spring Boot app: nothing in how it starts knows about the cluster. The
 * starter on the class path and {@code cluster.instances} in {@code application.yml} make
 * the launched process a supervisor of worker JVMs. {@link PriceController} shows cluster
 * messaging.
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
