package dev.clusterboot.supervisor;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the supervisor small while its workers run. It is a JVM of the app's own command
 * line, sized for the app; its own live heap is a few megabytes. Each time the cluster
 * has settled (every slot served by a warm JVM, no operation running, the start-up cache
 * made) and stayed so for {@link #QUIET}, it trims: it lets the heap shrink to what it
 * uses, collects, and returns freed native memory to the system; and again every
 * {@link #AGAIN} while nothing changes.
 *
 * <p>
 * Why wait: what a burst of work leaves behind is freed late. The JIT compiles the
 * burst's code for seconds after it, and the JVM hands its compilers' scratch memory back
 * to {@code malloc} every few seconds; a trim at the first moment all workers are ready
 * finds most of it still in use (measured: 17 MB more returned 20 s later).
 */
final class Footprint {

	/** How long the cluster stays settled before the trim. */
	static final Duration QUIET = Duration.ofSeconds(10);

	/**
	 * How often to trim again while it stays settled: an idle supervisor still compiles
	 * its loop's code, and {@code malloc} keeps what the compilers free (measured: the
	 * trims a minute apart after the first gave back 12, 5 and 4 MB; without them the
	 * supervisor grew by 6 MB in the first minute). A trim takes a few milliseconds of
	 * the loop's time.
	 */
	static final Duration AGAIN = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(Footprint.class);

	private final Runnable trim;

	private @Nullable Instant nextTrim;

	/**
	 * Trim with the given action.
	 * @param trim trims this JVM: {@link #trimThisJvm()}, or a test's counter
	 */
	Footprint(Runnable trim) {
		this.trim = trim;
	}

	/**
	 * The loop's step: trim once the cluster has been settled for {@link #QUIET}, and
	 * every {@link #AGAIN} while it stays settled.
	 * @param now the loop's time
	 * @param settled whether the cluster is settled now
	 */
	void observe(Instant now, boolean settled) {
		if (!settled) {
			this.nextTrim = null;
			return;
		}
		if (this.nextTrim == null) {
			this.nextTrim = now.plus(QUIET);
		}
		if (!now.isBefore(this.nextTrim)) {
			this.nextTrim = now.plus(AGAIN);
			this.trim.run();
		}
	}

	/**
	 * When the loop must wake to trim.
	 * @return the time of the next trim, or {@code null} while the cluster is not settled
	 */
	@Nullable Instant deadline() {
		return this.nextTrim;
	}

	/**
	 * Shrink this JVM now. Each step that this JVM does not offer is left out; none
	 * changes the app's launch line: the free-ratio flags are manageable.
	 */
	static void trimThisJvm() {
		HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		// The minimum first: the maximum may not fall below it.
		set(hotspot, "MinHeapFreeRatio", "0");
		set(hotspot, "MaxHeapFreeRatio", "10");
		// G1 only: a collection every minute when idle, so the heap shrinks again after a
		// peak.
		set(hotspot, "G1PeriodicGCInterval", "60000");
		System.gc();
		try {
			Object report = ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
						new Object[] { new String[0] }, new String[] { String[].class.getName() });
			// The JVM's own report: "Trim native heap: RSS+Swap: 136M->118M (-17888K)".
			logger.debug("Trimmed: " + String.valueOf(report).trim());
		}
		catch (Exception ex) {
			logger.debug("Trimmed: the heap only; no native heap trim here: " + ex);
		}
	}

	private static void set(HotSpotDiagnosticMXBean hotspot, String name, String value) {
		try {
			VMOption option = hotspot.getVMOption(name);
			if (option.isWriteable()) {
				hotspot.setVMOption(name, value);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not set " + name + ": " + ex.getMessage());
		}
	}

}
