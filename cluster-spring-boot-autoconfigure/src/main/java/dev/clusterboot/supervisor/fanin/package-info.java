/**
 * Questions one worker asks of others through the supervisor, and the answers gathered
 * for it: the cluster-wide scrape, an Actuator request for every worker or one.
 */
@NullMarked
package dev.clusterboot.supervisor.fanin;

import org.jspecify.annotations.NullMarked;
