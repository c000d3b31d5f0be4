package dev.clusterboot.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's price cache in a test, where the app runs as a single process although
 * {@code application.yml} sets {@code cluster.instances}: the same broadcast evicts the
 * cache of this one process, so a changed price is read again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PriceCacheTests {

	@TempDir
	static Path data;

	@Value("${local.server.port}")
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void pricesFile(DynamicPropertyRegistry registry) {
		registry.add("sample.prices-file", () -> data.resolve("prices.properties").toString());
	}

	@Test
	void aChangedPriceIsEvictedFromTheCacheAndReadAgain() throws Exception {
		assertThat(get("/prices/apple")).contains("\"price\":null");
		// Cached now: only the broadcast eviction lets the next read see a change.
		assertThat(put("/prices/apple?price=3")).isEqualTo(204);
		await().atMost(Duration.ofSeconds(5)).until(() -> get("/prices/apple").contains("\"price\":3"));
		assertThat(put("/prices/apple?price=5")).isEqualTo(204);
		await().atMost(Duration.ofSeconds(5)).until(() -> get("/prices/apple").contains("\"price\":5"));
	}

	private String get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	private int put(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
