/**
 * Jetty in a worker: its connector bound with SO_REUSEPORT or opened on the shared
 * socket, and closed first when the worker leaves.
 */
@NullMarked
package dev.clusterboot.server.jetty;

import org.jspecify.annotations.NullMarked;
