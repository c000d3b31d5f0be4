/**
 * A reactive app's part in the drain: the requests in flight, streamed response bodies
 * (server-sent events, NDJSON), and WebSocket sessions.
 */
@NullMarked
package dev.clusterboot.drain.reactive;

import org.jspecify.annotations.NullMarked;
