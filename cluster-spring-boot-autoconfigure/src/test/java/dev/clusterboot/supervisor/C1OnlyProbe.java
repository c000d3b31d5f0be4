package dev.clusterboot.supervisor;

/**
 * A JVM for {@link FootprintJvmTests}: asks itself for C1 only, as the supervisor does,
 * then prints the JVM's report and the compiler directives it now holds.
 */
final class C1OnlyProbe {

	private C1OnlyProbe() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println(Footprint.compileThisJvmWithC1Only());
		System.out.println(Footprint.diagnosticCommand("compilerDirectivesPrint"));
	}

}
