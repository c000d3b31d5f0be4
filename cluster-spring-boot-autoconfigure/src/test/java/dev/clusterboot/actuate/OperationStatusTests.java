package dev.clusterboot.actuate;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.clusterboot.contract.OperationOutcome;
import dev.clusterboot.contract.OperationReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP status and body the cluster endpoint's web extension answers its replies with.
 */
class OperationStatusTests {

	private static final OperationReport RUNNING = new OperationReport("e8fbc7a5", "reload",
			OperationReport.Progress.RUNNING, "replacing worker 0", Instant.parse("2026-12-02T12:00:00Z"), null);

	@Test
	void acceptedIs202WithTheOperation() {
		WebEndpointResponse<Object> response = response(new OperationOutcome.Accepted(RUNNING));
		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(response.getBody()).isEqualTo(RUNNING);
	}

	@Test
	void rejectedIs400WithTheReason() {
		WebEndpointResponse<Object> response = response(new OperationOutcome.Rejected("No worker with index 5"));
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getBody()).isEqualTo(Map.of("message", "No worker with index 5"));
	}

	@Test
	void busyIs409WithTheRunningOperation() {
		WebEndpointResponse<Object> response = response(new OperationOutcome.Busy("A reload is running", RUNNING));
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(response.getBody()).isEqualTo(Map.of("message", "A reload is running", "operation", RUNNING));
	}

	@Test
	void stoppingIs503() {
		WebEndpointResponse<Object> response = response(new OperationOutcome.Stopping("The cluster is stopping"));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getBody()).isEqualTo(Map.of("message", "The cluster is stopping"));
	}

	@Test
	void aBroadcastSentIs202WithItsTopicAndDelivery() {
		WebEndpointResponse<Object> response = ClusterEndpointWebExtension
			.response(new OperationReply.Broadcast("prices", "to every ready worker"));
		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(response.getBody()).isEqualTo(Map.of("topic", "prices", "delivery", "to every ready worker"));
	}

	@Test
	void noAnswerFromTheSupervisorIs503() {
		WebEndpointResponse<Object> response = ClusterEndpointWebExtension
			.response(new OperationReply.Unanswered(ClusterEndpoint.NO_ANSWER));
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getBody()).isEqualTo(Map.of("message", "The supervisor did not answer"));
	}

	private static WebEndpointResponse<Object> response(OperationOutcome outcome) {
		return ClusterEndpointWebExtension.response(new OperationReply.Outcome(outcome));
	}

}
