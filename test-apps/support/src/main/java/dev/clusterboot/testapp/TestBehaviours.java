package dev.clusterboot.testapp;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import sun.misc.Unsafe;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * What a test can tell every test app to do, through properties on its command line or in
 * a config file that a reload reads again; and, in the servlet apps, their controllers.
 * Each behaviour names the worker index it applies to, so one worker misbehaves while the
 * others serve.
 */
@AutoConfiguration
public class TestBehaviours {

	/**
	 * {@code test.crash-instance=N} makes worker N fail at start-up, every time;
	 * {@code test.fail-start=true} makes every worker fail (set in a config file a reload
	 * reads).
	 */
	@Bean
	ApplicationRunner crashOnPurpose(@Value("${test.crash-instance:-1}") int crashInstance,
			@Value("${test.fail-start:false}") boolean failStart, @Value("${cluster.instance-id:-2}") int instance) {
		return (args) -> {
			if (crashInstance == instance || failStart) {
				throw new IllegalStateException(
						"worker " + instance + " crashes on purpose (test.crash-instance, " + "test.fail-start)");
			}
		};
	}

	/**
	 * {@code test.slow-beans=N} and {@code test.hang-in-bean=true}: a slow start that
	 * makes progress, and one that makes none (see {@link SlowStart}).
	 */
	@Bean
	static SlowStart slowStart(Environment environment) {
		return new SlowStart(environment);
	}

	/**
	 * {@code test.broken-instance=N} makes worker N set Spring's liveness to BROKEN two
	 * seconds after it is ready, as an app does when it finds itself unable to go on, if
	 * the marker file {@code test.broken-marker} does not exist yet: its replacement,
	 * which finds the marker, stays well.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> breakLiveness(@Value("${test.broken-instance:-1}") int brokenInstance,
			@Value("${test.broken-marker:}") String marker, @Value("${cluster.instance-id:-2}") int instance) {
		return (event) -> {
			if (brokenInstance != instance || marker.isEmpty()) {
				return;
			}
			try {
				Files.createFile(Path.of(marker));
			}
			catch (IOException ex) {
				// The marker exists: an earlier JVM of this worker broke already.
				return;
			}
			Thread breaker = new Thread(() -> {
				try {
					Thread.sleep(2000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				AvailabilityChangeEvent.publish(event.getApplicationContext(), LivenessState.BROKEN);
			}, "test-breaker");
			breaker.setDaemon(true);
			breaker.start();
		};
	}

	/**
	 * {@code test.unready-instance=N} makes worker N hold its readiness back for ever, as
	 * an app warming a cache in a runner would for a while: its web server is up, it is
	 * not ready.
	 */
	@Bean
	ApplicationRunner holdReadinessBack(@Value("${test.unready-instance:-1}") int unreadyInstance,
			@Value("${cluster.instance-id:-2}") int instance) {
		return (args) -> {
			if (unreadyInstance == instance) {
				new CountDownLatch(1).await();
			}
		};
	}

	/**
	 * {@code test.retain-memory-instance=N} makes worker N hold
	 * {@code test.retain-memory-mb} of native memory, touched so that it is resident, if
	 * the marker file {@code test.retain-memory-marker} does not exist yet: only the
	 * first JVM of that index does.
	 */
	@Bean
	ApplicationRunner retainMemory(@Value("${test.retain-memory-instance:-1}") int retainingInstance,
			@Value("${test.retain-memory-mb:0}") long megabytes, @Value("${test.retain-memory-marker:}") String marker,
			@Value("${cluster.instance-id:-2}") int instance) {
		return (args) -> {
			if (retainingInstance != instance) {
				return;
			}
			try {
				Files.createFile(Path.of(marker));
			}
			catch (FileAlreadyExistsException ex) {
				return;
			}
			// Native memory: the workers' heap is small, and only the resident size
			// matters here.
			Field field = Unsafe.class.getDeclaredField("theUnsafe");
			field.setAccessible(true);
			Unsafe unsafe = (Unsafe) field.get(null);
			long bytes = megabytes * 1024 * 1024;
			long address = unsafe.allocateMemory(bytes);
			unsafe.setMemory(address, bytes, (byte) 1);
		};
	}

	/**
	 * {@code test.own-port=N} makes the app listen on port N with a server socket of its
	 * own, as a library's server would: a port the cluster does not share.
	 */
	/**
	 * {@code test.pid-thread=true} starts a thread named after the JVM's pid, which
	 * parks: a thread dump then says which JVM it is of.
	 */
	@Bean
	ApplicationRunner pidThread(@Value("${test.pid-thread:false}") boolean enabled) {
		return (args) -> {
			if (enabled) {
				Thread thread = new Thread(() -> LockSupport.park(), "test-app-pid-" + ProcessHandle.current().pid());
				thread.setDaemon(true);
				thread.start();
			}
		};
	}

	@Bean
	OwnPort ownPort(@Value("${test.own-port:-1}") int port) throws IOException {
		return new OwnPort(port);
	}

	static class OwnPort {

		private final @Nullable ServerSocket socket;

		OwnPort(int port) throws IOException {
			this.socket = (port > 0) ? new ServerSocket(port) : null;
		}

		@PreDestroy
		void close() throws IOException {
			if (this.socket != null) {
				this.socket.close();
			}
		}

	}

	/**
	 * {@code test.hang-on-shutdown-instance=N} makes worker N hang in
	 * {@code @PreDestroy}.
	 */
	@Bean
	HangingOnShutdown hangingOnShutdown(@Value("${test.hang-on-shutdown-instance:-1}") int hangingInstance,
			@Value("${cluster.instance-id:-2}") int instance) {
		return new HangingOnShutdown(hangingInstance == instance);
	}

	static class HangingOnShutdown {

		private final boolean hang;

		HangingOnShutdown(boolean hang) {
			this.hang = hang;
		}

		@PreDestroy
		void hang() throws InterruptedException {
			if (this.hang) {
				new CountDownLatch(1).await();
			}
		}

	}

	/** The servlet apps' controllers; a WebFlux app has its own, reactive ones. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.bind.annotation.RestController")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@Import({ HelloController.class, MessagingTestController.class })
	static class ServletControllers {

	}

}
