# Helpers about ports and processes on 127.0.0.1, sourced by servers.sh, services.sh and the
# deploy tests (one copy of each, so they agree on what "free", "listening" and "alive" mean).
# shellcheck shell=bash

port_listening() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }
port_owner() { ss -Hltnp "sport = :$1" 2>/dev/null | head -n 1 | sed 's/.*users:/users:/'; }

# free_ports N [EXCLUDED...] — N distinct free ports on 127.0.0.1. One Python process binds them all
# at once (port 0 = kernel's choice) so two servers started in parallel never get the same port.
free_ports() {
    python3 - "$@" <<'PY'
import socket, sys
n, excluded = int(sys.argv[1]), set(map(int, sys.argv[2:]))
held, ports = [], []
while len(ports) < n:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
    if s.getsockname()[1] not in excluded:
        ports.append(s.getsockname()[1])
print(" ".join(map(str, ports)))
PY
}

# A killed process whose parent has exited is adopted by PID 1, which does not always reap it here:
# a zombie still answers kill -0, so it must count as gone.
pid_alive() {
    [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null || return 1
    local stat
    stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ -n $stat && $stat != Z* ]]
}
