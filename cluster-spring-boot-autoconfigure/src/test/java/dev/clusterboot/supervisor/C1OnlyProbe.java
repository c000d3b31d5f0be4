package dev.clusterboot.supervisor;

/**
 * A JVM for {@link SupervisorMemoryJvmTests}: asks itself for C1 only, as the supervisor
 * does, then prints the JVM's report and the compiler directives it now holds.
 */
final class C1OnlyProbe {

	private C1OnlyProbe() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println(SupervisorMemory.compileThisJvmWithC1Only());
		System.out.println(SupervisorMemory.diagnosticCommand("compilerDirectivesPrint"));
	}

}
