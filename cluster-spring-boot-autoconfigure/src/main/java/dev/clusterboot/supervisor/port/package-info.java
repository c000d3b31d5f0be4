/**
 * The supervisor's side of port sharing: the shared listening socket it hands to workers,
 * the SO_REUSEPORT port they bind themselves, the proxy that relays to them, and the
 * relay of Actuator's management port.
 */
@NullMarked
package dev.clusterboot.supervisor.port;

import org.jspecify.annotations.NullMarked;
