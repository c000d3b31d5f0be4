/**
 * A worker's side of the cluster: the link to the supervisor, readiness reports, and the
 * drain when the worker leaves (listeners closed first, then {@code Connection: close}).
 */
@NullMarked
package dev.clusterboot.worker;

import org.jspecify.annotations.NullMarked;
