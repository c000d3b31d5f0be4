package dev.clusterboot.testapp.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web app with Spring Boot's gRPC server beside it, as a user adds one: the starter, a
 * service bean, {@code spring.grpc.server.port} (9090 unless set). Its service,
 * {@code cluster.Test}, says which worker answered ({@code Who}), and does so after a
 * pause ({@code Slow}, the request's milliseconds), so that calls are in flight when a
 * worker leaves. Written with grpc-java's own API and a string marshaller, so that the
 * build needs no code generator.
 */
@SpringBootApplication
@RestController
public class GrpcTestApplication {

	/** The service's name. */
	public static final String SERVICE = "cluster.Test";

	static final long PID = ProcessHandle.current().pid();

	public static void main(String[] args) {
		SpringApplication.run(GrpcTestApplication.class, args);
	}

	@GetMapping("/hello")
	String hello() {
		return "pid " + PID;
	}

	@Bean
	BindableService testService() {
		return () -> ServerServiceDefinition.builder(SERVICE)
			.addMethod(method("Who"), ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext("pid " + PID);
				response.onCompleted();
			}))
			.addMethod(method("Slow"), ServerCalls.asyncUnaryCall((request, response) -> {
				try {
					Thread.sleep(Long.parseLong(request));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				response.onNext("pid " + PID);
				response.onCompleted();
			}))
			.build();
	}

	static MethodDescriptor<String, String> method(String name) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(Utf8.INSTANCE)
			.setResponseMarshaller(Utf8.INSTANCE)
			.build();
	}

	/** Strings as UTF-8 bytes. */
	enum Utf8 implements MethodDescriptor.Marshaller<String> {

		INSTANCE;

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

	}

}
