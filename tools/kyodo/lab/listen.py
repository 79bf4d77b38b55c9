"""One process answering for every stand-in: TCP listeners and UDP echo in many namespaces.

``python -m kyodo.lab.listen SPEC.json`` reads ``[{"ns": …, "addresses": […], "tcp": […],
"udp": […]}, …]``, opens every socket inside its namespace (a socket keeps the namespace it
was created in), writes ``SPEC.ready`` and serves until SIGTERM. TCP connections are accepted
and closed (the handshake is the proof); UDP datagrams are echoed from the address they were
sent to (one socket per address, so replies leave with the right source).
"""

from __future__ import annotations

import json
import selectors
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from kyodo.lab.netns import in_netns


def open_sockets(spec: list[dict[str, Any]]) -> list[socket.socket]:
    socks: list[socket.socket] = []
    for entry in spec:
        with in_netns(entry["ns"]):
            for port in entry["tcp"]:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("0.0.0.0", port))
                s.listen(512)
                s.setblocking(False)
                socks.append(s)
            for addr in entry["addresses"]:
                for port in entry["udp"]:
                    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    u.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    u.bind((addr, port))
                    u.setblocking(False)
                    socks.append(u)
    return socks


def serve(socks: list[socket.socket]) -> None:
    sel = selectors.DefaultSelector()
    for sock in socks:
        sel.register(sock, selectors.EVENT_READ, sock)
    while True:
        for key, _ in sel.select():
            s: socket.socket = key.data
            try:
                if s.type == socket.SOCK_STREAM:
                    conn, _ = s.accept()
                    conn.close()
                else:
                    data, peer = s.recvfrom(2048)
                    s.sendto(data, peer)
            except OSError:
                continue


def main(argv: list[str]) -> int:
    spec_path = Path(argv[1])
    spec = json.loads(spec_path.read_text())
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    socks = open_sockets(spec)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    spec_path.with_suffix(".ready").write_text(str(len(socks)))
    serve(socks)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
