package dev.clusterboot.supervisor;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * One named step of the supervisor's loop: what it does in each pass, and when it next
 * needs a pass of its own accord. The supervisor lists its steps once, and the same list
 * runs each pass and sets how long the loop may wait for the next event, so a step cannot
 * be taken without its deadline being waited for, or the other way round.
 *
 * @param name what the step does, for the docs and the logs
 * @param whileStopping whether it is taken once the cluster stops too; most steps keep
 * the cluster going, and stopping skips them
 * @param action the step, at the pass's time
 * @param deadline when it next needs a pass, or {@code null} if only an event can give it
 * work
 */
record LoopStep(String name, boolean whileStopping, Consumer<Instant> action,
		Function<Instant, @Nullable Instant> deadline) {

	/** A step taken in every pass, the stopping ones included. */
	static LoopStep always(String name, Consumer<Instant> action, Function<Instant, @Nullable Instant> deadline) {
		return new LoopStep(name, true, action, deadline);
	}

	/** A step that keeps the cluster going: skipped once it stops. */
	static LoopStep unlessStopping(String name, Consumer<Instant> action,
			Function<Instant, @Nullable Instant> deadline) {
		return new LoopStep(name, false, action, deadline);
	}

	/** For a step that only an event gives work. */
	static @Nullable Instant noDeadline(Instant now) {
		return null;
	}

	/** The earliest of these times, or {@code null} for none. */
	static @Nullable Instant earliest(Stream<@Nullable Instant> instants) {
		return instants.filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
	}

	boolean isTaken(boolean stopping) {
		return this.whileStopping || !stopping;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
