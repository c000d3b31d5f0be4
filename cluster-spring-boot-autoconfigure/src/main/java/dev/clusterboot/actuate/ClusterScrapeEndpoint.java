package dev.clusterboot.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

import dev.clusterboot.contract.ScrapeFormat;
import dev.clusterboot.worker.WorkerAgent;

/**
 * Spring Boot's {@code prometheus} endpoint for the whole cluster: whichever worker a
 * scrape reaches asks the supervisor, which collects every ready worker's own scrape,
 * labels each series with {@code worker="N"}, adds its own meters, and merges them into
 * one valid exposition (one {@code # HELP}/{@code # TYPE} per family). A worker that does
 * not answer within {@code cluster.scrape-timeout} is left out and counted in
 * {@code cluster.scrape.missed}.
 *
 * <p>
 * It answers in Prometheus text 0.0.4 or OpenMetrics text, as asked. Protobuf, which
 * cannot be merged as text, is answered with text 0.0.4, which every Prometheus server
 * reads.
 */
public class ClusterScrapeEndpoint extends PrometheusScrapeEndpoint {

	private final WorkerAgent agent;

	private final Duration timeout;

	/**
	 * Create the endpoint.
	 * @param registry this worker's meters, as Spring Boot's endpoint reads them
	 * @param exporterProperties Prometheus exporter settings, as for Spring Boot's
	 * endpoint
	 * @param agent the link to the supervisor
	 * @param scrapeTimeout how long the supervisor waits for each worker
	 */
	public ClusterScrapeEndpoint(PrometheusRegistry registry, @Nullable Properties exporterProperties,
			WorkerAgent agent, Duration scrapeTimeout) {
		super(registry, exporterProperties);
		this.agent = agent;
		// The supervisor gives up on slow workers after the scrape timeout; allow for the
		// rest.
		this.timeout = scrapeTimeout.plusSeconds(5);
		agent.answerScrapes(this::localScrape);
	}

	@Override
	@ReadOperation(producesFrom = PrometheusOutputFormat.class)
	public WebEndpointResponse<byte[]> scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
		PrometheusOutputFormat text = textFormat(format);
		ScrapeFormat scrapeFormat = (text == PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100)
				? ScrapeFormat.OPENMETRICS_TEXT : ScrapeFormat.PROMETHEUS_TEXT;
		CompletableFuture<String> answer = this.agent.scrapeCluster(scrapeFormat,
				(includedNames != null) ? List.copyOf(includedNames) : null);
		String merged = SupervisorQuery.await(answer, this.timeout);
		if (merged == null) {
			// The supervisor's reason, such as a scrape too large for the channel, when
			// it gave one.
			String why = "the cluster's supervisor did not answer";
			if (answer.isCompletedExceptionally()) {
				try {
					answer.join();
				}
				catch (CompletionException ex) {
					why = ex.getCause().getMessage();
				}
			}
			return new WebEndpointResponse<>(("# " + why + "\n").getBytes(StandardCharsets.UTF_8),
					WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, text.getProducedMimeType());
		}
		return new WebEndpointResponse<>(merged.getBytes(StandardCharsets.UTF_8), text);
	}

	/** This worker's own meters, for the supervisor to merge. */
	private @Nullable String localScrape(ScrapeFormat format, @Nullable List<String> names) {
		PrometheusOutputFormat output = (format == ScrapeFormat.OPENMETRICS_TEXT)
				? PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100 : PrometheusOutputFormat.CONTENT_TYPE_004;
		byte[] text = super.scrape(output, (names != null) ? new LinkedHashSet<>(names) : null).getBody();
		return (text != null) ? new String(text, StandardCharsets.UTF_8) : null;
	}

	private static PrometheusOutputFormat textFormat(PrometheusOutputFormat format) {
		return (format == PrometheusOutputFormat.CONTENT_TYPE_PROTOBUF) ? PrometheusOutputFormat.CONTENT_TYPE_004
				: format;
	}

}
