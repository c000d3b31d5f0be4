/**
 * A worker's standalone RSocket server (Spring Boot's, on Reactor Netty) on the cluster's
 * shared RSocket port, and its part in the drain.
 */
@NullMarked
package dev.clusterboot.server.rsocket;

import org.jspecify.annotations.NullMarked;
