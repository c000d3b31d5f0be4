package dev.clusterboot.supervisor;

/** Why a worker JVM is past its deadline, and killed. */
enum Lateness {

	NONE,

	/** Not ready within {@code cluster.listen-timeout}. */
	START,

	/** Not exited within {@code cluster.shutdown-timeout} of being asked to stop. */
	STOP

}
