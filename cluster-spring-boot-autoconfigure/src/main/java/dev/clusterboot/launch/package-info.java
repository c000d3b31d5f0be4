/**
 * What a launched app becomes, decided before any bean exists: a worker, a supervisor, or
 * the plain app; the supervisor's settings mapped from {@code cluster.*}; and the failure
 * reports of configuration and of a worker that could not start.
 */
@NullMarked
package dev.clusterboot.launch;

import org.jspecify.annotations.NullMarked;
