/**
 * The supervisor's meters, and the cluster-wide Prometheus scrape: every ready worker's
 * own scrape, labelled with its index and merged with the supervisor's meters into one
 * exposition.
 */
@NullMarked
package dev.clusterboot.supervisor.metrics;

import org.jspecify.annotations.NullMarked;
