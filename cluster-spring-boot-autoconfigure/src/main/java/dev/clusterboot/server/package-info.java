/**
 * The workers' web servers on the shared port: the adopted listening socket that Tomcat,
 * Jetty and Reactor Netty accept from, and one package per server with how it joins the
 * port and leaves it.
 */
@NullMarked
package dev.clusterboot.server;

import org.jspecify.annotations.NullMarked;
