/**
 * How the supervisor starts and watches worker JVMs: the command line it copies from its
 * own, the relay of their output, and the launcher seam that unit tests of the loop
 * replace.
 */
@NullMarked
package dev.clusterboot.supervisor.process;

import org.jspecify.annotations.NullMarked;
