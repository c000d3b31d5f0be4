package dev.clusterboot.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reload's order of steps, driven by the hooks the supervisor calls, with a cluster that
 * records what the reload asks of it.
 */
class RollingReloadTests {

	private final RecordingCluster cluster = new RecordingCluster();

	@Test
	void replacesOneWorkerAtATimeAndMovesOnOnlyWhenTheOldOneHasExited() {
		RollingReload reload = new RollingReload(this.cluster, List.of(0, 1, 2), 1);
		reload.start();
		assertThat(this.cluster.replacementsStarted).containsExactly(0);

		reload.replacementReady(worker(0), worker(0));
		assertThat(this.cluster.replacementsStarted).containsExactly(0);

		reload.retired(worker(0));
		assertThat(this.cluster.replacementsStarted).containsExactly(0, 1);
		reload.retired(worker(1));
		reload.retired(worker(2));
		assertThat(this.cluster.replacementsStarted).containsExactly(0, 1, 2);
		assertThat(reload.outcome()).isEqualTo(ClusterOperation.Outcome.SUCCEEDED);
		assertThat(reload.describe().get("detail")).isEqualTo("reloaded 3 worker(s)");
	}

	@Test
	void aFailedReplacementStopsTheReloadAndStartsNoOther() {
		RollingReload reload = new RollingReload(this.cluster, List.of(0, 1), 1);
		reload.start();
		reload.replacementFailed(worker(0), "exited with code 1 before it was ready");
		assertThat(reload.outcome()).isEqualTo(ClusterOperation.Outcome.FAILED);
		assertThat((String) reload.describe().get("detail")).contains("the replacement of worker 0")
			.contains("0 of 2 worker(s) were reloaded");
		reload.retired(worker(0));
		assertThat(this.cluster.replacementsStarted).containsExactly(0);
	}

	@Test
	void parallelismReplacesSeveralAtOnce() {
		RollingReload reload = new RollingReload(this.cluster, List.of(0, 1, 2, 3), 2);
		reload.start();
		assertThat(this.cluster.replacementsStarted).containsExactly(0, 1);
		reload.retired(worker(1));
		assertThat(this.cluster.replacementsStarted).containsExactly(0, 1, 2);
	}

	private static Worker worker(int id) {
		return new Worker(id, Duration.ofMillis(100));
	}

	static final class RecordingCluster implements ClusterControl {

		final List<Integer> replacementsStarted = new ArrayList<>();

		@Override
		public List<Worker> workers() {
			return List.of();
		}

		@Override
		public void startReplacement(int id) {
			this.replacementsStarted.add(id);
		}

		@Override
		public void restart(Worker worker) {
		}

		@Override
		public void addWorker() {
		}

		@Override
		public void removeLastWorker() {
		}

		@Override
		public void finished(ClusterOperation operation) {
		}

	}

}
