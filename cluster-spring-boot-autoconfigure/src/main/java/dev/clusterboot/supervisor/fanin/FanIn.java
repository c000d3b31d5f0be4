package dev.clusterboot.supervisor.fanin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.clusterboot.channel.ChannelPeer;
import dev.clusterboot.channel.ToWorker;

/**
 * Questions sent to several workers at once, each finished once every worker asked has
 * answered or the timeout has passed, with the workers that did not answer named. A
 * worker whose channel refused the question is not waited for, and counts as missing.
 * Lives on the supervisor's loop thread, which passes it the time.
 *
 * @param <A> what a worker answers
 */
public final class FanIn<A> {

	private final Duration timeout;

	private final List<Gathering<A>> gatherings = new ArrayList<>();

	/**
	 * Create the fan-in.
	 * @param timeout how long a question waits for each worker
	 */
	public FanIn(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Ask each worker, each with an id of its own.
	 * @param workers the workers to ask, by index
	 * @param question the question for the given id
	 * @param finish what to do with the answers
	 * @param now the time
	 */
	public void ask(Map<Integer, ChannelPeer> workers, Function<String, ToWorker> question, Finish<A> finish,
			Instant now) {
		Gathering<A> gathering = new Gathering<>(now.plus(this.timeout), finish);
		workers.forEach((index, peer) -> {
			String id = UUID.randomUUID().toString();
			if (peer.send(question.apply(id))) {
				gathering.pending.put(id, index);
			}
			else {
				gathering.missing.add(index);
			}
		});
		this.gatherings.add(gathering);
		finishDone(now);
	}

	/**
	 * Take a worker's answer, if a question waits for it; one too late, or for another,
	 * is dropped.
	 * @param id the id its question carried
	 * @param answer the answer, or {@code null} when the worker could not give one
	 * @param now the time
	 */
	public void accept(String id, @Nullable A answer, Instant now) {
		for (Gathering<A> gathering : this.gatherings) {
			if (gathering.accept(id, answer)) {
				break;
			}
		}
		finishDone(now);
	}

	/**
	 * Finish the questions that every worker answered, and those whose time is up.
	 * @param now the time
	 */
	public void finishDone(Instant now) {
		this.gatherings.removeIf((gathering) -> {
			if (gathering.pending.isEmpty() || now.isAfter(gathering.deadline)) {
				gathering.finish();
				return true;
			}
			return false;
		});
	}

	/** When the earliest open question is due, or {@code null} when none is. */
	public @Nullable Instant nextDeadline() {
		return this.gatherings.stream().map((gathering) -> gathering.deadline).min(Instant::compareTo).orElse(null);
	}

	/**
	 * What a question's asker does with what was gathered.
	 *
	 * @param <A> what a worker answers
	 */
	@FunctionalInterface
	public interface Finish<A> {

		/**
		 * Use the answers.
		 * @param answers each answer, by the index of the worker that gave it, in index
		 * order
		 * @param missing the indexes of the workers asked that gave none, in order
		 */
		void finish(Map<Integer, A> answers, List<Integer> missing);

	}

	private static final class Gathering<A> {

		private final Instant deadline;

		private final Finish<A> finish;

		/** The ids of the questions not answered yet, each to its worker's index. */
		private final Map<String, Integer> pending = new HashMap<>();

		private final Map<Integer, A> answers = new TreeMap<>();

		private final List<Integer> missing = new ArrayList<>();

		Gathering(Instant deadline, Finish<A> finish) {
			this.deadline = deadline;
			this.finish = finish;
		}

		boolean accept(String id, @Nullable A answer) {
			Integer worker = this.pending.remove(id);
			if (worker == null) {
				return false;
			}
			if (answer != null) {
				this.answers.put(worker, answer);
			}
			else {
				this.missing.add(worker);
			}
			return true;
		}

		void finish() {
			List<Integer> missing = new ArrayList<>(this.missing);
			missing.addAll(this.pending.values());
			missing.sort(null);
			this.finish.finish(this.answers, missing);
		}

	}

}
