/**
 * The auto-configurations of a worker, one per concern, each only wiring: the worker's
 * own beans, each web server's port sharing, Actuator's endpoint, health and info, the
 * cluster-wide scrape, and messaging; and {@code cluster.*}, the configuration
 * properties.
 */
@NullMarked
package dev.clusterboot.autoconfigure;

import org.jspecify.annotations.NullMarked;
