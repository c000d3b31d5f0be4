import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The floor of any supervisor that lives in the app's own JVM, for bench/run.sh's supervisor
 * part: the app's Spring Boot start up to its prepared environment (where our supervisor takes
 * over), then idle, compiled and trimmed as our supervisor compiles and trims itself: C1 only
 * from that point on, wholly trimmed 10 s in (G1 then collects every minute when idle), and its
 * native memory every 10 s after. What is above this in our supervisor is the supervisor's own.
 *
 * Usage: java -Xmx256m -cp APP_JAR:DIR EnvironmentOnly MAIN_CLASS ARGS...
 */
public class EnvironmentOnly {

	public static void main(String[] args) throws Exception {
		SpringApplication application = new SpringApplication(Class.forName(args[0]));
		application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) (event) -> idle());
		application.run(Arrays.copyOfRange(args, 1, args.length));
	}

	private static String trimNativeHeap() throws Exception {
		return diagnosticCommand("systemTrimNativeHeap");
	}

	private static String diagnosticCommand(String operation, String... arguments) throws Exception {
		Object report = ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
					new Object[] { arguments }, new String[] { String[].class.getName() });
		return String.valueOf(report).trim();
	}

	private static void idle() {
		try {
			Path directives = Files.createTempFile("floor-", ".json");
			Files.writeString(directives, "[{ match: \"*.*\", c2: { Exclude: true } }]");
			System.out.println("Compiling: " + diagnosticCommand("compilerDirectivesAdd", directives.toString()));
			Files.delete(directives);
			Thread.sleep(10_000);
			HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			hotspot.setVMOption("MinHeapFreeRatio", "0");
			hotspot.setVMOption("MaxHeapFreeRatio", "10");
			hotspot.setVMOption("G1PeriodicGCInterval", "60000");
			System.gc();
			System.out.println("Trimmed: " + trimNativeHeap());
			while (true) {
				Thread.sleep(10_000);
				trimNativeHeap();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
