/**
 * The supervisor: one loop of named steps that keeps the worker slots converged to their
 * targets (the wanted count, slots to replace or restart), the operations that set those
 * targets, and what the supervisor holds open (the channel and the ports).
 */
@NullMarked
package dev.clusterboot.supervisor;

import org.jspecify.annotations.NullMarked;
