/**
 * A worker's side of the cluster: the link to the supervisor, readiness reports, and the
 * slow start's limit on connections. How a worker leaves is in {@code drain}.
 */
@NullMarked
package dev.clusterboot.worker;

import org.jspecify.annotations.NullMarked;
