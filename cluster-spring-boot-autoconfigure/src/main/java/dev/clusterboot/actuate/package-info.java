/**
 * Actuator in a worker: the {@code cluster} endpoint, health component and info, and the
 * {@code prometheus} endpoint for the whole cluster. Each asks the supervisor through the
 * worker's agent, in the contract's types.
 */
@NullMarked
package dev.clusterboot.actuate;

import org.jspecify.annotations.NullMarked;
