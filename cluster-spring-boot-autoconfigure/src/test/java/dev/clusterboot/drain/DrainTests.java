package dev.clusterboot.drain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain's steps, in a real application context that closes, with servers and streams
 * that record what they are asked.
 */
class DrainTests {

	private final List<String> steps = new CopyOnWriteArrayList<>();

	private final DrainState state = new DrainState();

	@Test
	void closingTheContextLeavesAnnouncesEndsTheStreamsAndWaitsForTheConnections() {
		RecordingServer server = new RecordingServer(2);
		RecordingStreams streams = new RecordingStreams();
		// The app says goodbye; its clients go, and their connections with them.
		GenericApplicationContext context = context(server, List.of(streams),
				(ApplicationListener<WorkerDrainEvent>) (event) -> {
					this.steps.add("announced, draining " + this.state.isDraining());
					assertThat(event.getTimeout()).hasSeconds(10);
				});
		streams.onEnd = (call) -> server.connections.set(0);
		context.close();
		assertThat(this.steps).startsWith("left", "announced, draining true", "streams ended");
		assertThat(server.connections).hasValue(0);
	}

	@Test
	void streamsThatBeginWhileTheDrainWaitsAreEndedToo() {
		RecordingServer server = new RecordingServer(1);
		RecordingStreams streams = new RecordingStreams();
		// A client reuses its kept-alive connection for a new stream, once; the stream
		// then ends and the connection with it.
		streams.onEnd = (call) -> {
			if (call == 2) {
				server.connections.set(0);
			}
		};
		context(server, List.of(streams), null).close();
		assertThat(streams.calls).hasValue(2);
	}

	@Test
	void aWorkerWithoutAServerHasNothingToDrain() {
		RecordingServer server = new RecordingServer(3);
		server.running = false;
		RecordingStreams streams = new RecordingStreams();
		context(server, List.of(streams),
				(ApplicationListener<WorkerDrainEvent>) (event) -> this.steps.add("announced"))
			.close();
		assertThat(this.steps).containsExactly("left");
		assertThat(streams.calls).hasValue(0);
	}

	@Test
	void aFailingGoodbyeDoesNotStopTheDrain() {
		RecordingServer server = new RecordingServer(0);
		RecordingStreams streams = new RecordingStreams();
		context(server, List.of(streams), (ApplicationListener<WorkerDrainEvent>) (event) -> {
			throw new IllegalStateException("the app's goodbye failed");
		}).close();
		assertThat(this.steps).containsExactly("left", "streams ended");
	}

	@Test
	void idleConnectionsAreLeftToSpringsShutdownAfterTheQuietPeriod() {
		RecordingServer server = new RecordingServer(4);
		long started = System.nanoTime();
		context(server, List.of(), null).close();
		// The drain period of the context: 200 ms.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(server.connections).hasValue(4);
	}

	private GenericApplicationContext context(RecordingServer server, List<Streams> streams,
			ApplicationListener<WorkerDrainEvent> listener) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean(Drain.class,
				() -> new Drain(List.of(server), streams, this.state, Duration.ofMillis(200), Duration.ofSeconds(10)));
		if (listener != null) {
			context.addApplicationListener(listener);
		}
		context.refresh();
		return context;
	}

	private final class RecordingServer implements DrainingServer {

		private final AtomicInteger connections;

		private volatile boolean running = true;

		RecordingServer(int connections) {
			this.connections = new AtomicInteger(connections);
		}

		@Override
		public boolean leave() {
			DrainTests.this.steps.add("left");
			return this.running;
		}

		@Override
		public int openConnections() {
			return this.connections.get();
		}

	}

	private final class RecordingStreams implements Streams {

		private final AtomicInteger calls = new AtomicInteger();

		private volatile IntConsumer onEnd = (call) -> {
		};

		@Override
		public void end() {
			int call = this.calls.incrementAndGet();
			if (call == 1) {
				DrainTests.this.steps.add("streams ended");
			}
			this.onEnd.accept(call);
		}

		@Override
		public int open() {
			return 0;
		}

	}

}
