/**
 * What the supervisor does under systemd: it serves on the listening socket that socket
 * activation passes ({@code LISTEN_FDS}), and tells the service manager where it stands
 * ({@code NOTIFY_SOCKET}: ready, reloading, stopping, a status line, watchdog pings).
 */
@NullMarked
package dev.clusterboot.supervisor.systemd;

import org.jspecify.annotations.NullMarked;
