/**
 * Actuator across the cluster, the supervisor's side: the requests one worker's endpoint
 * hands to one worker or to all, and the logger levels set at run time, which later
 * workers start with.
 */
@NullMarked
package dev.clusterboot.supervisor.endpoint;

import org.jspecify.annotations.NullMarked;
