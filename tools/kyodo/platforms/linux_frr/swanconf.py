"""Parse ``swanctl.conf`` (strongSwan) into neutral VPN peers and proposals.

Each ``connections.<conn>.children.<child>`` becomes a policy-based ``VpnPeer`` (named
``<conn>``, or ``<conn>/<child>`` when a connection has several children) with the
section's VRF, the connection's addresses, IKE version, proposals and traffic selectors; its
PSK is the ``secrets.ike*`` entry whose ids name the remote identity (or one without ids),
kept only as sha256. ``0s`` (base64) and ``0x`` (hex) secrets are decoded first.
Keys that change nothing kyodo models (timers, DPD, ``start_action``…) are accepted; other
keys, blocks (``authorities``, ``pools``, EAP/private-key secrets…) and ``include`` lines
are reported as unparsed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
from dataclasses import dataclass, field

from kyodo.platforms.linux_frr.crypto import parse_proposal
from kyodo.platforms.neutral import CryptoProposal, Unparsed, VpnPeer

_OPEN = re.compile(r"^([A-Za-z0-9_.%-]+)\s*\{$")
_KEY = re.compile(r"^([A-Za-z0-9_.-]+)\s*=\s*(.*)$")
CONN_KEYS = {"version", "local_addrs", "remote_addrs", "proposals", "encap", "dpd_delay", "dpd_timeout", "mobike",
             "reauth_time", "rekey_time", "over_time", "rand_time", "unique", "keyingtries", "fragmentation",
             "send_cert", "send_certreq", "aggressive", "local_port", "remote_port"}
AUTH_KEYS = {"auth", "id", "certs", "cacerts", "round"}
CHILD_KEYS = {"local_ts", "remote_ts", "esp_proposals", "start_action", "dpd_action", "close_action", "mode",
              "rekey_time", "life_time", "rand_time", "updown", "hostaccess", "policies", "replay_window",
              "ipcomp", "inactivity", "rekey_bytes", "rekey_packets"}


@dataclass
class _Node:
    name: str
    line: int
    raw: str
    values: list[tuple[str, str, int, str]] = field(default_factory=list)   # key, value, line, raw
    nodes: list[_Node] = field(default_factory=list)

    def value(self, key: str) -> str | None:
        for k, v, _, _ in self.values:
            if k == key:
                return v
        return None

    def node(self, name: str) -> _Node | None:
        return next((n for n in self.nodes if n.name == name), None)


@dataclass
class SwanFacts:
    proposals: list[CryptoProposal] = field(default_factory=list)
    vpn_peers: list[VpnPeer] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)


def _tree(numbered: list[tuple[int, str]], out: SwanFacts) -> _Node:
    root = _Node("", 0, "")
    stack = [root]
    for number, raw in numbered:
        s = raw.split("#", 1)[0].strip() if not raw.strip().startswith("secret") else raw.strip()
        if not s:
            continue
        m = _OPEN.match(s)
        if m:
            node = _Node(m.group(1), number, raw)
            stack[-1].nodes.append(node)
            stack.append(node)
        elif s == "}":
            if len(stack) > 1:
                stack.pop()
            else:
                out.unparsed.append(Unparsed(number, raw))
        elif (kv := _KEY.match(s)) is not None:
            stack[-1].values.append((kv.group(1), _unquote(kv.group(2).strip()), number, raw))
        else:
            out.unparsed.append(Unparsed(number, raw))
    return root


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _all_lines(node: _Node, out: SwanFacts) -> None:
    out.unparsed.append(Unparsed(node.line, node.raw))
    out.unparsed.extend(Unparsed(n, r) for _, _, n, r in node.values)
    for child in node.nodes:
        _all_lines(child, out)


def _report(node: _Node, allowed: set[str], out: SwanFacts) -> None:
    out.unparsed.extend(Unparsed(n, r) for k, _, n, r in node.values if k not in allowed)


def _list(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(",") if x.strip()]


def secret_digest(value: str) -> str | None:
    """sha256 of the key text: ``0s`` base64 and ``0x`` hex forms are decoded first."""
    try:
        if value.startswith("0s"):
            raw = base64.b64decode(value[2:], validate=True)
        elif value.startswith("0x"):
            raw = binascii.unhexlify(value[2:])
        else:
            raw = value.encode()
    except (binascii.Error, ValueError):
        return None
    return hashlib.sha256(raw).hexdigest()


def _secrets(root: _Node, out: SwanFacts) -> list[tuple[set[str], str | None]]:
    found: list[tuple[set[str], str | None]] = []
    for sec in root.nodes:
        if sec.name != "secrets":
            continue
        for entry in sec.nodes:
            if not entry.name.startswith("ike"):
                _all_lines(entry, out)
                continue
            ids = {v for k, v, _, _ in entry.values if k.startswith("id")}
            secret = entry.value("secret")
            found.append((ids, secret_digest(secret) if secret is not None else None))
            _report(entry, {"secret"} | {k for k, _, _, _ in entry.values if k.startswith("id")}, out)
            for child in entry.nodes:
                _all_lines(child, out)
    return found


def _ts(values: list[str], own: str | None) -> tuple[str, ...]:
    out = []
    for item in values:
        prefix = item.split("[", 1)[0]
        if prefix == "dynamic":
            if own:
                out.append(f"{own}/32")
            continue
        try:
            out.append(str(ipaddress.IPv4Network(prefix, strict=False)))
        except ValueError:
            continue
    return tuple(out)


def _address(values: list[str]) -> str | None:
    for v in values:
        try:
            return str(ipaddress.IPv4Address(v))
        except ValueError:
            continue
    return None


def parse_swanctl(numbered: list[tuple[int, str]], vrf: str) -> SwanFacts:
    out = SwanFacts()
    root = _tree(numbered, out)
    secrets = _secrets(root, out)
    for top in root.nodes:
        if top.name == "secrets":
            _report(top, set(), out)
        elif top.name == "connections":
            _report(top, set(), out)
            for conn in top.nodes:
                _connection(conn, vrf, secrets, out)
        else:
            _all_lines(top, out)
    _report(root, set(), out)
    return out


def _proposals(owner: str, kind: str, node: _Node, key: str, out: SwanFacts) -> tuple[str, ...]:
    value = node.value(key)
    line, raw = next(((n, r) for k, _, n, r in node.values if k == key), (node.line, node.raw))
    items = _list(value)
    names = []
    for i, text in enumerate(items):
        name = f"{owner}-{kind}" if len(items) == 1 else f"{owner}-{kind}{i + 1}"
        p = parse_proposal(name, kind, text, line)
        if p is None:
            out.unparsed.append(Unparsed(line, raw))
            continue
        out.proposals.append(p)
        names.append(name)
    return tuple(names)


def _connection(conn: _Node, vrf: str, secrets: list[tuple[set[str], str | None]], out: SwanFacts) -> None:
    _report(conn, CONN_KEYS, out)
    local_addrs = _list(conn.value("local_addrs"))
    remote_addrs = _list(conn.value("remote_addrs"))
    local_addr, remote_addr = _address(local_addrs), _address(remote_addrs)
    version = conn.value("version")
    ike_version = int(version) if version in ("1", "2") else None
    ike = _proposals(conn.name, "ike", conn, "proposals", out)
    remote_id = remote_addr
    psk_auth = True
    children: _Node | None = None
    for node in conn.nodes:
        if node.name.startswith(("local", "remote")):
            _report(node, AUTH_KEYS, out)
            if node.value("auth") not in (None, "psk"):
                psk_auth = False
            if node.name.startswith("remote") and node.value("id"):
                remote_id = node.value("id")
            for extra in node.nodes:
                _all_lines(extra, out)
        elif node.name == "children":
            children = node
            _report(node, set(), out)
        else:
            _all_lines(node, out)
    psk = None
    if psk_auth:
        ids = {remote_id, remote_addr, *remote_addrs} - {None}
        psk = next((d for found, d in secrets if found & ids), None) or next(
            (d for found, d in secrets if not found), None)
    kids = children.nodes if children is not None else []
    for child in kids:
        _report(child, CHILD_KEYS, out)
        for extra in child.nodes:
            _all_lines(extra, out)
        if child.value("mode") not in (None, "tunnel"):
            out.unparsed.extend(Unparsed(n, r) for k, _, n, r in child.values if k == "mode")
        name = conn.name if len(kids) == 1 else f"{conn.name}/{child.name}"
        esp = _proposals(name, "esp", child, "esp_proposals", out)
        out.vpn_peers.append(VpnPeer(
            name=name, local_address=local_addr, remote_address=remote_addr, ike_version=ike_version,
            psk_sha256=psk, ike_proposals=ike, esp_proposals=esp, vrf=vrf, interface=None,
            local_ts=_ts(_list(child.value("local_ts")), local_addr),
            remote_ts=_ts(_list(child.value("remote_ts")), remote_addr), line=conn.line,
        ))
