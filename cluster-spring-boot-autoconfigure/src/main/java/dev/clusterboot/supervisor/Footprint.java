package dev.clusterboot.supervisor;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps the supervisor small once its workers run. It is a JVM of the app's own command
 * line, sized for the app; its own live heap is a few megabytes. So it lets the heap
 * shrink to what it uses (the free-ratio flags are manageable: the app's launch line
 * stays as it is), collects once, has G1 collect when idle from then on, and returns
 * freed native memory to the system.
 */
final class Footprint {

	private static final Log logger = LogFactory.getLog(Footprint.class);

	private Footprint() {
	}

	/** Shrink now, and stay small. Each step that this JVM does not offer is left out. */
	static void trim() {
		HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		// The minimum first: the maximum may not fall below it.
		set(hotspot, "MinHeapFreeRatio", "0");
		set(hotspot, "MaxHeapFreeRatio", "10");
		// G1 only: a collection every minute when idle, so the heap shrinks again after a
		// peak.
		set(hotspot, "G1PeriodicGCInterval", "60000");
		System.gc();
		try {
			ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
						new Object[] { new String[0] }, new String[] { String[].class.getName() });
		}
		catch (Exception ex) {
			logger.debug("No native heap trim here: " + ex);
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
