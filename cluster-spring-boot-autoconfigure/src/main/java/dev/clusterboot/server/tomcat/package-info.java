/**
 * Tomcat in a worker: an NIO endpoint whose listening socket the cluster provides
 * (SO_REUSEPORT, or the supervisor's shared socket), and its listener closed first when
 * the worker leaves.
 */
@NullMarked
package dev.clusterboot.server.tomcat;

import org.jspecify.annotations.NullMarked;
