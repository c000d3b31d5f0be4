package dev.clusterboot.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.clusterboot.it.support.ClusterProcess;
import dev.clusterboot.it.support.Http;
import dev.clusterboot.it.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The security recipe of docs/operations.md, as the two secured test apps carry it, with
 * real Spring Security in a real cluster: only an authorised user's POST reloads.
 */
class SecurityIT {

	private static final String PASSWORD = "correct horse battery staple";

	@ParameterizedTest
	@EnumSource(value = TestApp.class, names = { "SECURED_SERVLET", "SECURED_REACTIVE" })
	void anAnonymousPostIsRefusedAndAnAuthorisedOneReloads(TestApp app) throws Exception {
		int port = ClusterProcess.freePort();
		try (ClusterProcess cluster = ClusterProcess.startReady(app, "secured", port, 2,
				"--spring.security.user.password=" + PASSWORD)) {
			long before = get(port, "ops:" + PASSWORD).json().get("workers").get(0).get("pid").asLong();
			assertThat(get(port, null).status()).isEqualTo(401);
			assertThat(post(port, null).status()).isEqualTo(401);
			assertThat(post(port, "ops:wrong").status()).isEqualTo(401);
			assertThat(Http.get(port, "/actuator/health").status()).isEqualTo(200);

			Http.Response reload = post(port, "ops:" + PASSWORD);
			assertThat(reload.status()).as(reload.body()).isEqualTo(202);
			String id = reload.json().get("id").asString();
			await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
				Http.Response status = get(port, "ops:" + PASSWORD);
				assertThat(status.json().get("operation").get("id").asString()).isEqualTo(id);
				assertThat(status.json().get("operation").get("outcome").asString()).isEqualTo("SUCCEEDED");
			});
			assertThat(get(port, "ops:" + PASSWORD).json().get("workers").get(0).get("pid").asLong())
				.isNotEqualTo(before);
		}
	}

	private static Http.Response post(int port, String credentials) throws Exception {
		return Http.raw(port, "POST /actuator/cluster/reload HTTP/1.1\r\nHost: localhost\r\n"
				+ authorization(credentials) + "Content-Length: 0\r\nConnection: close\r\n\r\n");
	}

	private static Http.Response get(int port, String credentials) throws Exception {
		return Http.raw(port, "GET /actuator/cluster HTTP/1.1\r\nHost: localhost\r\n" + authorization(credentials)
				+ "Connection: close\r\n\r\n");
	}

	private static String authorization(String credentials) {
		return (credentials != null)
				? "Authorization: Basic "
						+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "\r\n"
				: "";
	}

}
