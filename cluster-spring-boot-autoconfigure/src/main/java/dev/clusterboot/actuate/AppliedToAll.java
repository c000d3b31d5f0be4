package dev.clusterboot.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.clusterboot.channel.ToWorker;
import dev.clusterboot.contract.EndpointRequest;
import dev.clusterboot.worker.WorkerAgent;

/**
 * A write that means the whole app, applied by every ready worker's own endpoint through
 * the supervisor, this worker's included.
 */
final class AppliedToAll {

	private AppliedToAll() {
	}

	/**
	 * Apply a request on every ready worker.
	 * @param agent the link to the supervisor
	 * @param request the request
	 * @return the outcome
	 */
	static Outcome apply(WorkerAgent agent, EndpointRequest request) {
		return new Outcome(SupervisorQuery.await(agent.endpoint(null, request), SupervisorQuery.TIMEOUT));
	}

	/**
	 * Which workers applied a request.
	 */
	static final class Outcome {

		private final List<Integer> applied = new ArrayList<>();

		private final Map<Integer, Integer> failed = new TreeMap<>();

		private final List<Integer> missing = new ArrayList<>();

		private final boolean answered;

		Outcome(ToWorker.@Nullable EndpointAnswer answer) {
			this.answered = answer != null;
			if (answer != null) {
				answer.responses().forEach((worker, response) -> {
					if (response.isSuccess()) {
						this.applied.add(worker);
					}
					else {
						this.failed.put(worker, response.status());
					}
				});
				this.missing.addAll(answer.missing());
			}
		}

		/**
		 * Log what was applied, and fail the request with a 502 naming the workers unless
		 * every worker asked applied it.
		 * @param what what was applied, to which the outcome is added
		 * @param logger where to say it
		 */
		void require(String what, Log logger) {
			String said = what + ": " + this;
			if (!isComplete()) {
				logger.warn(said);
				throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, said);
			}
			logger.info(said);
		}

		/** Whether every worker asked applied it, and there was at least one. */
		private boolean isComplete() {
			return this.answered && this.failed.isEmpty() && this.missing.isEmpty() && !this.applied.isEmpty();
		}

		/**
		 * Whether every worker asked answered, each with the same failure.
		 * @param status the failure's HTTP status
		 */
		boolean isUniformly(int status) {
			return this.answered && this.applied.isEmpty() && this.missing.isEmpty() && !this.failed.isEmpty()
					&& this.failed.values().stream().allMatch((failure) -> failure == status);
		}

		/** The status of a failure, 502 when there is none. */
		int failedStatus() {
			return this.failed.values().stream().findFirst().orElse(502);
		}

		@Override
		public String toString() {
			if (!this.answered) {
				return "the supervisor did not answer";
			}
			return "applied by workers " + this.applied
					+ ((!this.failed.isEmpty()) ? ", refused by workers " + this.failed.keySet() + " (statuses "
							+ this.failed.values() + ")" : "")
					+ ((!this.missing.isEmpty()) ? ", not answered in time by workers " + this.missing : "");
		}

	}

}
