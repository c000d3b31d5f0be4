package dev.clusterboot.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of one long-lived stream that reconnects whenever the stream ends, as an
 * {@code EventSource} or a WebSocket client with retry does, and keeps a record of each
 * session: which worker served it and how it ended. Real clients: the JDK's HTTP client
 * reading server-sent events, and its WebSocket client, plain or speaking STOMP. Bounded
 * by the test: {@link #close()} stops it.
 */
public final class StreamClient implements AutoCloseable {

	private static final Pattern PID = Pattern.compile("pid (\\d+)");

	/** The kinds of stream. */
	public enum Kind {

		/** {@code GET /events}: a hello with the pid, ticks, and a goodbye. */
		EVENTS,

		/**
		 * {@code GET /events?silent=true}: nothing until it ends; the pid in a header.
		 */
		SILENT_EVENTS,

		/** {@code /echo}: a WebSocket that says the pid first. */
		WEBSOCKET,

		/**
		 * {@code /stomp}: STOMP over a WebSocket; the pid comes from {@code /app/whoami}.
		 */
		STOMP

	}

	/**
	 * One session of the stream.
	 *
	 * @param pid the worker's pid, {@code 0} until known
	 * @param ending how it ended: {@code clean} (the body's last chunk), {@code close
	 * NNNN} (a WebSocket close frame), or the error that cut it
	 * @param events the names of the server-sent events it carried, each once, in the
	 * order of their first arrival
	 * @param contentType the response's content type, for server-sent events
	 */
	public record Session(long pid, String ending, List<String> events, String contentType) {
	}

	private final Kind kind;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final List<Session> ended = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile long currentPid;

	private volatile boolean running = true;

	private volatile WebSocket webSocket;

	/** The body being read, to cancel it on close. */
	private volatile LineReader lines;

	private StreamClient(Kind kind, int port) {
		this.kind = kind;
		this.port = port;
		this.thread = new Thread(this::run, "stream-" + kind);
		this.thread.setDaemon(true);
	}

	/**
	 * Connect, and reconnect after each end.
	 * @param kind what stream
	 * @param port the app's port on 127.0.0.1
	 * @return the client
	 */
	public static StreamClient start(Kind kind, int port) {
		StreamClient client = new StreamClient(kind, port);
		client.thread.start();
		return client;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The pid of the worker serving the current session, {@code 0} until known. */
	public long currentPid() {
		return this.currentPid;
	}

	/** The sessions that ended, in order. */
	public List<Session> ended() {
		return List.copyOf(this.ended);
	}

	private void run() {
		while (this.running) {
			this.currentPid = 0;
			Session session;
			try {
				session = switch (this.kind) {
					case EVENTS -> events("/events");
					case SILENT_EVENTS -> events("/events?silent=true");
					case WEBSOCKET, STOMP -> webSocket();
				};
			}
			catch (RuntimeException ex) {
				session = new Session(this.currentPid, ex.toString(), List.of(), "");
			}
			catch (InterruptedException ex) {
				return;
			}
			if (this.running) {
				this.ended.add(session);
			}
			if (!session.ending().equals("clean") && !session.ending().startsWith("close")) {
				// Pacing after a failure, as a client's retry delay: the test fails on it
				// anyway, and a loop of refused connections would take the cores.
				java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
		}
	}

	private Session events(String path) throws InterruptedException {
		LineReader lines = new LineReader();
		this.lines = lines;
		String[] contentType = { "" };
		int[] status = { 0 };
		long[] pid = { 0 };
		// The lines reach a subscriber: a read that blocks could not be stopped.
		CompletableFuture<HttpResponse<Void>> response = this.http
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Accept", "text/event-stream")
				.build(), (info) -> {
					status[0] = info.statusCode();
					contentType[0] = info.headers().firstValue("Content-Type").orElse("");
					pid[0] = Long.parseLong(info.headers().firstValue("X-Pid").orElse("0"));
					this.currentPid = pid[0];
					return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
				});
		try {
			response.get();
			return new Session(pid[0], (status[0] == 200) ? "clean" : "status " + status[0], lines.events(),
					contentType[0]);
		}
		catch (ExecutionException ex) {
			return new Session(pid[0], ex.getCause().toString(), lines.events(), contentType[0]);
		}
		finally {
			response.cancel(true);
		}
	}

	/** Notes the names of the server-sent events. */
	private static final class LineReader implements Flow.Subscriber<String> {

		/** Each name once: a stream's ticks would otherwise grow it for minutes. */
		private final Set<String> events = new CopyOnWriteArraySet<>();

		private volatile Flow.Subscription subscription;

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			if (line.startsWith("event:")) {
				this.events.add(line.substring("event:".length()).trim());
			}
		}

		@Override
		public void onError(Throwable error) {
		}

		@Override
		public void onComplete() {
		}

		List<String> events() {
			return List.copyOf(this.events);
		}

		void cancel() {
			Flow.Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

	}

	private Session webSocket() throws InterruptedException {
		CompletableFuture<String> end = new CompletableFuture<>();
		boolean stomp = this.kind == Kind.STOMP;
		WebSocket.Listener listener = new WebSocket.Listener() {

			private final StringBuilder text = new StringBuilder();

			@Override
			public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
				this.text.append(data);
				if (last) {
					received(socket, this.text.toString());
					this.text.setLength(0);
				}
				socket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
				end.complete("close " + statusCode);
				return null;
			}

			@Override
			public void onError(WebSocket socket, Throwable error) {
				end.complete(error.toString());
			}

		};
		try {
			this.webSocket = this.http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.buildAsync(URI.create("ws://127.0.0.1:" + this.port + (stomp ? "/stomp" : "/echo")), listener)
				.get(10, TimeUnit.SECONDS);
			if (stomp) {
				this.webSocket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0", true);
			}
			String ending = end.get(10, TimeUnit.MINUTES);
			return new Session(this.currentPid, ending, List.of(), "");
		}
		catch (ExecutionException | TimeoutException ex) {
			return new Session(this.currentPid, ex.toString(), List.of(), "");
		}
	}

	private void received(WebSocket socket, String message) {
		if (message.startsWith("CONNECTED")) {
			socket.sendText("SUBSCRIBE\nid:0\ndestination:/topic/whoami\n\n\0", true);
			socket.sendText("SEND\ndestination:/app/whoami\n\n\0", true);
			return;
		}
		Matcher pid = PID.matcher(message);
		if (pid.find()) {
			this.currentPid = Long.parseLong(pid.group(1));
		}
	}

	@Override
	public void close() throws InterruptedException {
		closeAll(List.of(this));
	}

	/**
	 * Stop every client, then wait for each: a silent stream's client waits in its
	 * request until told.
	 * @param clients the clients
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static void closeAll(List<StreamClient> clients) throws InterruptedException {
		for (StreamClient client : clients) {
			client.running = false;
			client.thread.interrupt();
			WebSocket socket = client.webSocket;
			if (socket != null) {
				socket.abort();
			}
			LineReader lines = client.lines;
			if (lines != null) {
				lines.cancel();
			}
		}
		for (StreamClient client : clients) {
			client.thread.join(10000);
		}
	}

}
