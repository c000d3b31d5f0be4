#!/usr/bin/env python3
"""Plays systemd's part for SystemdIT: a socket unit and a Type=notify service.

    service_manager.py PORT NOTIFY_SOCKET WATCHDOG_USEC -- COMMAND...

Binds 127.0.0.1:PORT and holds it for as long as it runs, like a .socket unit. Starts COMMAND
with that socket as descriptor 3 and LISTEN_FDS=1, LISTEN_PID, LISTEN_FDNAMES=http,
NOTIFY_SOCKET and WATCHDOG_USEC (0: none) set, as systemd starts a socket-activated service.
Prints every notification it receives as "notify <monotonic ms> <line>". Reads commands on
standard input: "restart" stops the command with SIGTERM, waits for it, and starts it again,
the socket held all along (systemctl restart); "stop" stops it and exits. Prints "started
<pid>" and "exited <pid> <code>".
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time

port, notify_path, watchdog_usec = int(sys.argv[1]), sys.argv[2], sys.argv[3]
command = sys.argv[sys.argv.index("--") + 1:]

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(512)

notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify.bind(notify_path)


def say(line):
    print(line, flush=True)


def receive():
    while True:
        data = notify.recv(65536).decode("utf-8", "replace")
        now = time.monotonic_ns() // 1_000_000
        for line in data.split("\n"):
            say("notify %d %s" % (now, line))


threading.Thread(target=receive, daemon=True).start()


def as_activated_service():
    # In the child, between fork and exec: the socket becomes descriptor 3, and the
    # variables name this very process, as systemd sets them.
    os.dup2(listener.fileno(), 3)
    os.set_inheritable(3, True)
    os.environ["LISTEN_FDS"] = "1"
    os.environ["LISTEN_PID"] = str(os.getpid())
    os.environ["LISTEN_FDNAMES"] = "http"
    os.environ["NOTIFY_SOCKET"] = notify_path
    if watchdog_usec != "0":
        os.environ["WATCHDOG_USEC"] = watchdog_usec


def start():
    process = subprocess.Popen(command, preexec_fn=as_activated_service, close_fds=False)
    say("started %d" % process.pid)
    return process


def stop(process):
    process.send_signal(signal.SIGTERM)
    code = process.wait()
    say("exited %d %d" % (process.pid, code))


service = start()
for line in sys.stdin:
    if line.strip() == "restart":
        stop(service)
        service = start()
    elif line.strip() == "stop":
        break
stop(service)
