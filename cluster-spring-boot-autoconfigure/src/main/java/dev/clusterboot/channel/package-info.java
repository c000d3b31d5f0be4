/**
 * The private channel between the supervisor and its workers: a Unix domain socket in a
 * directory only the user can enter, a per-cluster secret, and a typed protocol of JSON
 * lines.
 */
@NullMarked
package dev.clusterboot.channel;

import org.jspecify.annotations.NullMarked;
