/**
 * Reactor Netty in a worker: SO_REUSEPORT for the transport in use, or event loops that
 * accept from the shared socket, and the server channel closed first when the worker
 * leaves.
 */
@NullMarked
package dev.clusterboot.server.netty;

import org.jspecify.annotations.NullMarked;
