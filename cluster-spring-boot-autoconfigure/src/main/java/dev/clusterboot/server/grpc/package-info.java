/**
 * A worker's gRPC server (Spring Boot's, on grpc-java's Netty server) on the cluster's
 * shared gRPC port, and its part in the drain: GOAWAY first, then the calls in flight
 * finish.
 */
@NullMarked
package dev.clusterboot.server.grpc;

import org.jspecify.annotations.NullMarked;
