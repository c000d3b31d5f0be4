package dev.clusterboot.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

/**
 * A real gRPC client (grpc-java) of the gRPC test app's {@code cluster.Test} service: a
 * call on a fresh channel, or a load of calls on channels kept open, counting what fails,
 * without retries of its own. Bounded by the test: {@link #close()} stops it.
 */
public final class GrpcClient extends Load {

	private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();

	private GrpcClient() {
	}

	/**
	 * Ask which worker answers, on a channel of its own.
	 * @param port the gRPC port on 127.0.0.1
	 * @return the pid of the worker that answered
	 */
	public static long who(int port) {
		ManagedChannel channel = channel(port);
		try {
			return pid(ClientCalls.blockingUnaryCall(channel, method("Who"),
					CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), ""));
		}
		finally {
			channel.shutdownNow();
		}
	}

	/**
	 * Keep calls going on channels that stay open, each call {@code Slow}, so that some
	 * are in flight whenever a worker leaves.
	 * @param port the gRPC port on 127.0.0.1
	 * @param channels how many channels, one thread each
	 * @param millis how long each call takes on the server
	 * @return the running load
	 */
	public static GrpcClient load(int port, int channels, long millis) {
		GrpcClient client = new GrpcClient();
		for (int i = 0; i < channels; i++) {
			ManagedChannel channel = channel(port);
			client.channels.add(channel);
			client.start(() -> client.call(channel, millis), "grpc-load-" + i);
		}
		return client;
	}

	private void call(ManagedChannel channel, long millis) {
		while (isRunning()) {
			try {
				ClientCalls.blockingUnaryCall(channel, method("Slow"),
						CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), Long.toString(millis));
				recordSuccess();
			}
			catch (StatusRuntimeException ex) {
				recordFailure(ex.getStatus().toString());
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		super.close();
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static ManagedChannel channel(int port) {
		return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
	}

	private static long pid(String answer) {
		return Long.parseLong(answer.substring("pid ".length()));
	}

	/** The test app's method, with the same string marshaller. */
	private static MethodDescriptor<String, String> method(String name) {
		MethodDescriptor.Marshaller<String> utf8 = new MethodDescriptor.Marshaller<>() {

			@Override
			public InputStream stream(String value) {
				return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
			}

			@Override
			public String parse(InputStream stream) {
				try {
					return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}

		};
		return MethodDescriptor.<String, String>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(MethodDescriptor.generateFullMethodName("cluster.Test", name))
			.setRequestMarshaller(utf8)
			.setResponseMarshaller(utf8)
			.build();
	}

}
