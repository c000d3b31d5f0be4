package dev.clusterboot.actuate;

import java.util.List;
import java.util.Map;

import de.codecentric.boot.admin.client.registration.Application;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.clusterboot.contract.EndpointRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterApplicationFactory}: what a worker registers with Spring Boot
 * Admin.
 */
class ClusterApplicationFactoryTests {

	@Test
	void eachWorkerRegistersItsOwnActuatorAddressAndSaysWhoItIs() {
		LocalEndpoints local = new LocalEndpoints(List::of, JsonMapper.shared(), "/actuator/cluster/workers/1");
		Application app = new ClusterApplicationFactory(() -> Application.create("shop")
			.managementUrl("http://10.0.0.5:8080/actuator/")
			.healthUrl("http://10.0.0.5:8080/actuator/health")
			.serviceUrl("http://10.0.0.5:8080/")
			.metadata(Map.of("zone", "a"))
			.build(), 1, local).createApplication();
		assertThat(app.getName()).isEqualTo("shop");
		assertThat(app.getManagementUrl()).isEqualTo("http://10.0.0.5:8080/actuator/cluster/workers/1");
		assertThat(app.getHealthUrl()).isEqualTo("http://10.0.0.5:8080/actuator/cluster/workers/1/health");
		assertThat(app.getServiceUrl()).isEqualTo("http://10.0.0.5:8080/");
		assertThat(app.getMetadata()).containsEntry("zone", "a")
			.containsEntry("cluster.worker", "1")
			.containsEntry("cluster.pid", Long.toString(ProcessHandle.current().pid()));
		// The worker's index of endpoints links where Spring Boot Admin reaches it.
		assertThat(local.handle(new EndpointRequest("GET", "", Map.of(), null)).body())
			.contains("\"href\":\"http://10.0.0.5:8080/actuator/cluster/workers/1\"");
	}

}
