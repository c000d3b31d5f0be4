package dev.clusterboot.testapp.noweb;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An app without a web server: a queue consumer. Each worker takes jobs from a spool
 * directory ({@code test.spool}) and finishes the one in hand before it stops.
 */
@SpringBootApplication
public class QueueConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(QueueConsumerApplication.class, args);
	}

	@Bean
	SpoolConsumer spoolConsumer(@Value("${test.spool}") Path spool, @Value("${test.job-millis:100}") long jobMillis,
			@Value("${cluster.instance-id:-1}") int instance) {
		return new SpoolConsumer(spool, jobMillis, instance);
	}

}
