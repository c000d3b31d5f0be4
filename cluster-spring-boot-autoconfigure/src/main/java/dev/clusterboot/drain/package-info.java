/**
 * How a worker leaves without losing a request: its servers stop accepting and stop
 * keeping connections alive, the app hears it ({@link WorkerDrainEvent}), long-lived
 * responses and WebSocket sessions are ended cleanly, and the drain waits until the
 * connections are gone, or quiet, before Spring's graceful shutdown runs.
 */
@NullMarked
package dev.clusterboot.drain;

import org.jspecify.annotations.NullMarked;
