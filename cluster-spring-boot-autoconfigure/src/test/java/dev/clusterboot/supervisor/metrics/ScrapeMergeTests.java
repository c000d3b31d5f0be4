package dev.clusterboot.supervisor.metrics;

import org.junit.jupiter.api.Test;

import dev.clusterboot.testsupport.Exposition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merging the expositions of the supervisor and its workers into one valid exposition.
 */
class ScrapeMergeTests {

	private static final String WORKER = """
			# HELP jvm_threads_live_threads The current number of live threads
			# TYPE jvm_threads_live_threads gauge
			jvm_threads_live_threads 21.0
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds histogram
			http_server_requests_seconds_bucket{method="GET",uri="/hello",le="+Inf"} 3
			http_server_requests_seconds_count{method="GET",uri="/hello"} 3
			http_server_requests_seconds_sum{method="GET",uri="/hello"} 0.25
			""";

	private static final String SUPERVISOR = """
			# HELP cluster_workers Worker JVMs by state
			# TYPE cluster_workers gauge
			cluster_workers{state="online"} 2.0
			""";

	@Test
	void eachFamilyIsDescribedOnceAndEachWorkersSamplesAreLabelled() {
		String merged = new ScrapeMerge().add(SUPERVISOR).add(WORKER, 0).add(WORKER, 1).text();
		assertThat(merged).containsOnlyOnce("# TYPE jvm_threads_live_threads gauge")
			.containsOnlyOnce("# TYPE http_server_requests_seconds histogram")
			.contains("cluster_workers{state=\"online\"} 2.0")
			.contains("jvm_threads_live_threads{worker=\"0\"} 21.0")
			.contains("jvm_threads_live_threads{worker=\"1\"} 21.0")
			.contains("http_server_requests_seconds_count{worker=\"1\",method=\"GET\",uri=\"/hello\"} 3");
		Exposition exposition = Exposition.parse(merged);
		exposition.assertNoDuplicateSeries();
		assertThat(exposition.workersOf("http_server_requests_seconds")).containsExactlyInAnyOrder("0", "1");
	}

	@Test
	void samplesOfAFamilyStayTogetherUnderItsDescription() {
		String merged = new ScrapeMerge().add(WORKER, 0).add(WORKER, 1).text();
		String[] lines = merged.split("\n");
		assertThat(lines[0]).startsWith("# HELP jvm_threads_live_threads");
		assertThat(lines[2]).startsWith("jvm_threads_live_threads{worker=\"0\"}");
		assertThat(lines[3]).startsWith("jvm_threads_live_threads{worker=\"1\"}");
		assertThat(lines[4]).startsWith("# HELP http_server_requests_seconds");
	}

	@Test
	void aWorkerLabelTheAppAlreadySetIsKeptUnderAnotherName() {
		assertThat(ScrapeMerge.withWorkerLabel("jobs_total{worker=\"mailer\",queue=\"a,b\"} 4.0", 1))
			.isEqualTo("jobs_total{worker=\"1\",exported_worker=\"mailer\",queue=\"a,b\"} 4.0");
		assertThat(ScrapeMerge.withWorkerLabel("jobs_total{queue=\"say \\\"worker=\\\"\"} 4.0", 0))
			.isEqualTo("jobs_total{worker=\"0\",queue=\"say \\\"worker=\\\"\"} 4.0");
	}

	@Test
	void aSampleWithoutLabelsOrWithATimestampGetsTheLabelInTheRightPlace() {
		assertThat(ScrapeMerge.withWorkerLabel("up 1", 2)).isEqualTo("up{worker=\"2\"} 1");
		assertThat(ScrapeMerge.withWorkerLabel("up{} 1 1700000000000", 2))
			.isEqualTo("up{worker=\"2\"} 1 1700000000000");
	}

	@Test
	void aFamilyWhoseTypeChangedBetweenWorkersKeepsTheFirstWorkersSamplesOnly() {
		String changed = """
				# HELP jvm_threads_live_threads The current number of live threads
				# TYPE jvm_threads_live_threads counter
				jvm_threads_live_threads 5.0
				""";
		String merged = new ScrapeMerge().add(WORKER, 0).add(changed, 1).text();
		assertThat(merged).contains("jvm_threads_live_threads{worker=\"0\"} 21.0")
			.doesNotContain("worker=\"1\"")
			.containsOnlyOnce("# TYPE jvm_threads_live_threads");
	}

	@Test
	void openMetricsEndsWithOneEof() {
		String openMetrics = """
				# TYPE jobs counter
				# HELP jobs Jobs done
				jobs_total 4.0
				# EOF
				""";
		String merged = new ScrapeMerge().add(openMetrics, 0).add(openMetrics, 1).text();
		assertThat(merged).endsWith("jobs_total{worker=\"1\"} 4.0\n# EOF\n").containsOnlyOnce("# EOF");
	}

}
