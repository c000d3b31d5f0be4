/**
 * A servlet app's part in the drain: the requests in flight, Spring MVC's streamed
 * responses (server-sent events, {@code ResponseBodyEmitter}), and WebSocket sessions.
 */
@NullMarked
package dev.clusterboot.drain.servlet;

import org.jspecify.annotations.NullMarked;
