/**
 * Messages between the workers of a cluster, delivered as Spring application events.
 */
@NullMarked
package dev.clusterboot.messaging;

import org.jspecify.annotations.NullMarked;
