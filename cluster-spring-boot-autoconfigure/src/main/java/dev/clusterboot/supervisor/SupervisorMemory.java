package dev.clusterboot.supervisor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import javax.management.JMException;
import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the supervisor small while its workers run. It is a JVM of the app's own command
 * line, sized for the app; its own live heap is a few megabytes.
 *
 * <p>
 * From its start, before its first worker, it compiles its code with the JIT's first tier
 * (C1) only. C2 needs tens of megabytes of scratch memory while it compiles (28 MB at the
 * peak, by the JVM's native memory tracking), which {@code malloc} keeps in fragments
 * after it is freed, and its code takes more room. Measured with C1 alone: the idle
 * supervisor 4 to 11 MB smaller, and steadier from run to run; under load, relaying the
 * workers' messages took less of its CPU (C2's own compilations, which count in the
 * process, are gone) and relaying their output lines up to 15 % more per line at the same
 * rate.
 *
 * <p>
 * Each time the cluster has settled (every slot served by a warm JVM, no operation
 * running, the start-up cache made) and stayed so for {@link #QUIET}, it trims: it lets
 * the heap shrink to what it uses, collects, and returns freed native memory to the
 * system. Then, every {@link #AGAIN} while nothing changes, it returns freed native
 * memory again.
 *
 * <p>
 * Why wait: what a burst of work leaves behind is freed late. The JIT compiles the
 * burst's code for seconds after it, and the JVM hands its compilers' scratch memory back
 * to {@code malloc} every few seconds; a trim at the first moment all workers are ready
 * finds most of it still in use (measured: 17 MB more returned 20 s later). Why again: an
 * idle supervisor still compiles its loop's code for minutes, and {@code malloc} keeps
 * what the compilers free (measured, RSS every 5 s: with a trim a minute, 102 to 112 MB
 * between the first two and 93 to 98 after the second; with one every 10 s, 91 to 98 from
 * the first trim on). The heap needs no second collection: the first trim has G1 collect
 * every minute when idle, which shrinks it again after a peak.
 */
final class SupervisorMemory {

	/** How long the cluster stays settled before the trim. */
	static final Duration QUIET = Duration.ofSeconds(10);

	/**
	 * How often to return freed native memory again while it stays settled. Each time
	 * takes about a millisecond of the loop's time: {@code malloc_trim} over a few
	 * arenas, no collection.
	 */
	static final Duration AGAIN = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(SupervisorMemory.class);

	private final Trim trim;

	private @Nullable Instant nextTrim;

	/** Whether the whole trim ran since the cluster last settled. */
	private boolean trimmed;

	/**
	 * Trim with the given actions.
	 * @param trim trims this JVM: {@link #THIS_JVM}, or a test's counters
	 */
	SupervisorMemory(Trim trim) {
		this.trim = trim;
	}

	/**
	 * The step when this JVM becomes the supervisor, before its first worker starts:
	 * compile with C1 only from now on.
	 */
	void begin() {
		this.trim.compileWithC1Only();
	}

	/**
	 * The loop's step: trim once the cluster has been settled for {@link #QUIET}, and
	 * return native memory every {@link #AGAIN} while it stays settled.
	 * @param now the loop's time
	 * @param settled whether the cluster is settled now
	 */
	void observe(Instant now, boolean settled) {
		if (!settled) {
			this.nextTrim = null;
			this.trimmed = false;
			return;
		}
		if (this.nextTrim == null) {
			this.nextTrim = now.plus(QUIET);
		}
		if (!now.isBefore(this.nextTrim)) {
			this.nextTrim = now.plus(AGAIN);
			if (this.trimmed) {
				this.trim.nativeHeap();
			}
			else {
				this.trimmed = true;
				this.trim.whole();
			}
		}
	}

	/**
	 * When the loop must wake to trim.
	 * @return the time of the next trim, or {@code null} while the cluster is not settled
	 */
	@Nullable Instant deadline() {
		return this.nextTrim;
	}

	/** How the supervisor trims: {@link #THIS_JVM}, or a test's counters. */
	interface Trim {

		/** Shrink the heap, collect, and return freed native memory. */
		void whole();

		/** Return freed native memory only. */
		void nativeHeap();

		/** From now on, compile with the JIT's first tier only. */
		void compileWithC1Only();

	}

	/** Trims this JVM. */
	static final Trim THIS_JVM = new Trim() {

		@Override
		public void whole() {
			trimThisJvm();
		}

		@Override
		public void nativeHeap() {
			// Quieter than the whole trim: it runs every few seconds.
			if (logger.isTraceEnabled()) {
				logger.trace("Trimmed again: " + trimNativeHeap());
			}
			else {
				trimNativeHeap();
			}
		}

		@Override
		public void compileWithC1Only() {
			logger.debug("Compiling: " + compileThisJvmWithC1Only());
		}

	};

	/**
	 * Keep C2 from compiling any method of this JVM from now on: the methods it would
	 * have taken stay in C1's code. What is compiled already stays.
	 * @return the JVM's report, or why it was left as it is
	 */
	static String compileThisJvmWithC1Only() {
		try {
			HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			// Without both tiers (-XX:-TieredCompilation, -XX:TieredStopAtLevel=1), a
			// directive would make C2's methods interpreted, or change nothing.
			if (!"true".equals(hotspot.getVMOption("TieredCompilation").getValue())
					|| !"4".equals(hotspot.getVMOption("TieredStopAtLevel").getValue())) {
				return "left as it is: this JVM does not compile with both C1 and C2";
			}
			// A compiler directive, as jcmd's Compiler.directives_add reads it: from a
			// file. It comes first in the JVM's stack of directives.
			Path directives = Files.createTempFile("cluster-supervisor-", ".json");
			try {
				Files.writeString(directives, "[{ match: \"*.*\", c2: { Exclude: true } }]");
				return "C1 only: " + diagnosticCommand("compilerDirectivesAdd", directives.toString());
			}
			finally {
				Files.deleteIfExists(directives);
			}
		}
		catch (IOException | RuntimeException | JMException ex) {
			return "left as it is: " + ex;
		}
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
		logger.debug("Trimmed: " + trimNativeHeap());
	}

	/**
	 * Return the native memory that {@code malloc} keeps free to the system.
	 * @return the JVM's report of what it gave back, or why it could not
	 */
	private static String trimNativeHeap() {
		try {
			// The JVM's own report: "Trim native heap: RSS+Swap: 136M->118M (-17888K)".
			return diagnosticCommand("systemTrimNativeHeap");
		}
		catch (JMException | RuntimeException ex) {
			return "the heap only; no native heap trim here: " + ex;
		}
	}

	/** Run one of jcmd's commands in this JVM, through its platform MBean server. */
	static String diagnosticCommand(String operation, String... arguments) throws JMException {
		Object report = ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation, new Object[] { arguments },
					new String[] { String[].class.getName() });
		return String.valueOf(report).trim();
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
