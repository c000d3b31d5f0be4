/**
 * What the supervisor and its workers agree on, imported by both sides: the worker
 * environment, the port-sharing mechanism, and the typed operations and status they
 * exchange.
 */
@NullMarked
package dev.clusterboot.contract;

import org.jspecify.annotations.NullMarked;
