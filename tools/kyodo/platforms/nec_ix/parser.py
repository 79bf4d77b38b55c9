"""NEC UNIVERGE IX configuration text (``show running-config``) → ``neutral.DeviceConfig``.

Written from the IX configuration guides; no IX runs here. Structure: a line at column 0
opens a block (``interface GigaEthernet0.0``, ``ikev2 default-profile``, ``ppp profile X`` …);
indented lines below belong to it; ``!`` lines are comments. Read:

- interfaces (``ip address``, ``description``, ``encapsulation dot1q`` sub-interfaces,
  ``shutdown``), ``ip filter LIST SEQ in|out`` bindings: one binding per direction names the
  list's ``Acl``; several are joined, in sequence order, into one ``Acl`` named ``IF:in|out``;
- ``ip access-list`` entries as ordered rules (implicit deny at the end);
- IKEv2 route-based tunnels (``tunnel mode ipsec-ikev2``, ``ikev2 peer``, ``ikev2 outgoing-interface``,
  ``ikev2 default-profile``/``ikev2 profile`` proposals, ``ikev2 authentication psk id … key``) and the
  IKEv1 form (``ike proposal``, ``ike policy``, ``ipsec autokey-proposal``, ``ipsec autokey-map`` with
  its access list as traffic selectors, ``tunnel mode ipsec`` + ``ipsec policy tunnel MAP out``);
- static routes. NAPT, DHCP, proxy-dns, NTP, PPPoE and the like go to ``unparsed``; so does an
  ``ip filter`` binding whose list is missing or has entries not modelled (its ``Acl`` then holds
  only the modelled entries).

Keys are hashed (sha256 of the key text) and redacted in ``lines``/``unparsed``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import re
from dataclasses import dataclass, field

from kyodo.platforms.nec_ix import syntax
from kyodo.platforms.neutral import (
    ALL_PORTS,
    Acl,
    AclRule,
    CryptoProposal,
    DeviceConfig,
    Interface,
    PortRange,
    StaticRoute,
    Tunnel,
    Unparsed,
    VpnPeer,
)

PLATFORM_NAME = "nec_ix"
IF_RE = re.compile(r"^(GigaEthernet|FastEthernet|Tunnel|Loopback|Null|BVI|Dialer|USB-Serial)(\d+(?::\d+)?)\.(\d+)$")
SECRET_RES = (
    re.compile(r"^(\s*ike policy \S+ peer \S+ key\s+)(\S+)(.*)$"),
    re.compile(r"^(\s*ikev2 authentication psk id \S+ \S+ key (?:char|hex)\s+)(\S+)(.*)$"),
    re.compile(r"^(\s*username \S+ password (?:plain|hash)\s+)(\S+)(.*)$"),
    re.compile(r"^(\s*authentication password \S+\s+)(\S+)(.*)$"),
)
BENIGN_SUB = ("ip tcp adjust-mss", "ikev2 connect-type", "ikev2 ipsec pre-fragment", "dpd ", "ipsec ike-keepalive",
              "ike nat-traversal", "ipsec pre-fragment")


def redact(line: str) -> str:
    for rx in SECRET_RES:
        m = rx.match(line)
        if m:
            return f"{m.group(1)}<redacted>{m.group(3)}"
    return line


def _sha(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class _If:
    name: str
    line: int
    addresses: list[str] = field(default_factory=list)
    description: str | None = None
    vlan: int | None = None
    shutdown: bool | None = None
    filters: dict[str, list[tuple[int, str, int]]] = field(default_factory=dict)   # dir → (seq, list, line)
    mode: str | None = None
    v2_peer: tuple[str, str] | None = None     # (address, psk id)
    v2_out: str | None = None
    v2_profile: str | None = None
    v1_map: str | None = None


@dataclass
class _V2Profile:
    line: int
    enc: list[str] = field(default_factory=list)
    integ: list[str] = field(default_factory=list)
    dh: list[int] = field(default_factory=list)
    child_enc: list[str] = field(default_factory=list)
    child_integ: list[str] = field(default_factory=list)
    child_pfs: list[int] = field(default_factory=list)


@dataclass
class _State:
    hostname: str = ""
    block: tuple[str, ...] = ()
    ifs: dict[str, _If] = field(default_factory=dict)
    lists: dict[str, list[AclRule]] = field(default_factory=dict)
    list_line: dict[str, int] = field(default_factory=dict)
    routes: list[StaticRoute] = field(default_factory=list)
    v2_profiles: dict[str, _V2Profile] = field(default_factory=dict)
    v2_psk: dict[str, str] = field(default_factory=dict)
    v1_props: dict[str, CryptoProposal] = field(default_factory=dict)
    v1_policies: dict[str, tuple[str, str, str, int]] = field(default_factory=dict)   # peer → (name, sha, prop, line)
    v1_maps: dict[str, tuple[str, str, tuple[str, ...], int]] = field(default_factory=dict)  # name → (acl, peer, props)
    unparsed: list[Unparsed] = field(default_factory=list)
    broken_lists: set[str] = field(default_factory=set)
    lines: tuple[str, ...] = ()


def _acl_entry(no: int, line: str, w: list[str]) -> tuple[str, AclRule]:
    # ip access-list NAME permit|deny PROTO src A [sport P] dest B [dport P] [established]
    name, action = w[2], w[3]
    if action not in ("permit", "deny"):
        raise ValueError("action")
    proto = syntax.PROTO_IN[w[4]] if not w[4].isdecimal() else syntax.PROTO_IN.get(w[4], w[4])
    if w[5] != "src":
        raise ValueError("src")
    src = syntax.parse_addr(w[6])
    i = 7
    sport = ALL_PORTS[0]
    if w[i] == "sport":
        sport, i = syntax.parse_port(w, i + 1)
    if w[i] != "dest":
        raise ValueError("dest")
    dst = syntax.parse_addr(w[i + 1])
    i += 2
    dport = ALL_PORTS[0]
    established = False
    while i < len(w):
        if w[i] in ("dport", "dest-port"):
            if w[i] == "dest-port":
                v = int(w[i + 1])
                dport, i = PortRange(v, v), i + 2
            else:
                dport, i = syntax.parse_port(w, i + 1)
        elif w[i] == "established" and proto == "tcp":
            established, i = True, i + 1
        else:
            raise ValueError(f"access-list option {w[i]}")
    if proto not in ("tcp", "udp") and (sport, dport) != (ALL_PORTS[0], ALL_PORTS[0]):
        raise ValueError("ports with a portless protocol")
    rule = AclRule(action=action, protocol=proto, src=(src,), dst=(dst,),  # type: ignore[arg-type]
                   src_ports=(syntax.check_port(sport),), dst_ports=(syntax.check_port(dport),),
                   established=established, line=no, text=line)
    return name, rule


def _top(st: _State, no: int, line: str, w: list[str]) -> bool:
    head = w[0]
    if head == "hostname" and len(w) == 2:
        st.hostname = w[1]
        return True
    if head == "interface" and len(w) == 2:
        if not IF_RE.match(w[1]):
            raise ValueError("interface name")
        st.ifs.setdefault(w[1], _If(name=w[1], line=no))
        return True
    if head == "ip" and w[1] == "route" and len(w) in (4, 5):
        prefix = "0.0.0.0/0" if w[2] == "default" else syntax.net(w[2])
        distance = int(w[4]) if len(w) == 5 else 1
        target = w[3]
        if target.startswith("Null"):
            st.routes.append(StaticRoute(prefix=prefix, discard=True, distance=distance, line=no))
        elif IF_RE.match(target):
            st.routes.append(StaticRoute(prefix=prefix, interface=target, distance=distance, line=no))
        else:
            st.routes.append(StaticRoute(prefix=prefix, next_hop=str(ipaddress.IPv4Address(target)),
                                         distance=distance, line=no))
        return True
    if head == "ip" and w[1] == "access-list" and len(w) >= 8:
        name, rule = _acl_entry(no, line, w)
        st.lists.setdefault(name, []).append(rule)
        st.list_line.setdefault(name, no)
        return True
    if head == "ikev2" and w[1] == "authentication" and w[2:4] == ["psk", "id"] and w[6] == "key":
        # ikev2 authentication psk id TYPE ID key char|hex SECRET
        if w[7] == "char":
            st.v2_psk[w[5]] = _sha(w[8])
        elif w[7] == "hex":
            st.v2_psk[w[5]] = hashlib.sha256(bytes.fromhex(w[8])).hexdigest()
        else:
            raise ValueError("psk form")
        return len(w) == 9
    if head == "ikev2" and (w[1] == "default-profile" or (w[1] == "profile" and len(w) == 3)):
        st.v2_profiles.setdefault("default" if w[1] == "default-profile" else w[2], _V2Profile(line=no))
        return True
    if head == "ike" and w[1] == "proposal" and len(w) >= 9:
        # ike proposal NAME encryption X hash Y group Z [lifetime N]
        opts = dict(zip(w[3::2], w[4::2], strict=False))
        st.v1_props[w[2]] = CryptoProposal(
            name=w[2], kind="ike", encryption=(syntax.V1_ENC_IN[opts["encryption"]],),
            integrity=(syntax.V1_HASH_IN[opts["hash"]],), dh_groups=(syntax.DH_IN[opts["group"]],), line=no)
        return True
    if head == "ike" and w[1] == "policy" and len(w) >= 8 and w[3] == "peer" and w[5] == "key":
        # ike policy NAME peer ADDR key SECRET PROPOSAL [options]
        st.v1_policies[w[4]] = (w[2], _sha(w[6]), w[7], no)
        return True
    if head == "ipsec" and w[1] == "autokey-proposal" and len(w) >= 4:
        enc = tuple(syntax.ESP_ENC_IN[x] for x in w[3:] if x in syntax.ESP_ENC_IN)
        integ = tuple(syntax.ESP_HASH_IN[x] for x in w[3:] if x in syntax.ESP_HASH_IN)
        pfs = tuple(syntax.DH_IN[x] for x in w[3:] if x in syntax.DH_IN)
        st.v1_props[w[2]] = CryptoProposal(name=w[2], kind="esp", encryption=enc, integrity=integ, dh_groups=pfs,
                                           line=no)
        return bool(enc)
    if head == "ipsec" and w[1] == "autokey-map" and len(w) >= 7 and w[4] == "peer":
        # ipsec autokey-map MAP ACL peer ADDR PROPOSAL... [pfs G] [sa lifetime ...]
        rest = w[6:]
        cut = next((k for k, x in enumerate(rest) if x in ("pfs", "sa", "lifetime")), len(rest))
        props = tuple(rest[:cut])
        if "pfs" in rest:
            group = syntax.DH_IN[rest[rest.index("pfs") + 1]]
            for name in props:
                if name in st.v1_props:
                    st.v1_props[name] = dataclasses.replace(st.v1_props[name], dh_groups=(group,))
        st.v1_maps[w[2]] = (w[3], w[5], props, no)
        return True
    return False


def _sub(st: _State, no: int, w: list[str]) -> bool:
    header = st.block
    line = " ".join(w)
    if header[0] == "interface":
        i = st.ifs[header[1]]
        if w[:2] == ["ip", "address"] and len(w) == 3:
            i.addresses.append(str(ipaddress.IPv4Interface(w[2])))
        elif w == ["no", "ip", "address"]:
            i.addresses.clear()
        elif w[0] == "description":
            i.description = line.split(None, 1)[1]
        elif w[:2] == ["encapsulation", "dot1q"]:
            i.vlan = int(w[2])
        elif w == ["no", "shutdown"]:
            i.shutdown = False
        elif w == ["shutdown"]:
            i.shutdown = True
        elif w[:2] == ["ip", "filter"] and len(w) == 5 and w[4] in ("in", "out"):
            i.filters.setdefault(w[4], []).append((int(w[3]), w[2], no))
        elif w[:2] == ["tunnel", "mode"]:
            i.mode = w[2]
        elif w[:2] == ["ikev2", "peer"] and w[3:6] == ["authentication", "psk", "id"]:
            i.v2_peer = (w[2], w[7] if len(w) > 7 else w[2])
        elif w[:2] == ["ikev2", "outgoing-interface"]:
            i.v2_out = w[2]
        elif w[:2] == ["ikev2", "profile"]:
            i.v2_profile = w[2]
        elif w[:3] == ["ipsec", "policy", "tunnel"] and w[-1] == "out":
            i.v1_map = w[3]
        else:
            return line.startswith(BENIGN_SUB)
        return True
    if header[0] == "ikev2" and header[1] in ("default-profile", "profile"):
        prof = st.v2_profiles["default" if header[1] == "default-profile" else header[2]]
        pair = tuple(w[:2])
        if pair == ("sa-proposal", "enc"):
            prof.enc.append(syntax.V2_ENC_IN[w[2]])
        elif pair == ("sa-proposal", "integrity"):
            prof.integ.append(syntax.V2_INTEG_IN[w[2]])
        elif pair == ("sa-proposal", "dh"):
            prof.dh.append(syntax.DH_IN[w[2]])
        elif pair == ("child-proposal", "enc"):
            prof.child_enc.append(syntax.V2_ENC_IN[w[2]])
        elif pair == ("child-proposal", "integrity"):
            prof.child_integ.append(syntax.V2_INTEG_IN[w[2]])
        elif w[0] == "child-pfs":
            prof.child_pfs.append(syntax.DH_IN[w[1]])
        else:
            return line.startswith(BENIGN_SUB)
        return True
    return False


def _acls(st: _State) -> tuple[list[Acl], dict[tuple[str, str], str]]:
    acls: dict[str, Acl] = {}
    names: dict[tuple[str, str], str] = {}
    for i in sorted(st.ifs.values(), key=lambda x: x.line):
        for direction, binds in i.filters.items():
            binds.sort()
            if len(binds) == 1:
                name = binds[0][1]
                line = st.list_line.get(name, binds[0][2])
            else:
                name, line = f"{i.name}:{direction}", binds[0][2]
            for _seq, lst, no in binds:
                if lst not in st.lists or lst in st.broken_lists:
                    # a list that is missing or has entries not modelled: the Acl is incomplete
                    st.unparsed.append(Unparsed(line=no, text=st.lines[no - 1]))
            if name not in acls:
                rules = tuple(r for _seq, lst, _no in binds for r in st.lists.get(lst, ()))
                acls[name] = Acl(name=name, rules=rules, line=line)
            names[(i.name, direction)] = name
    return list(acls.values()), names


def _addr_of(st: _State, ifname: str | None) -> str | None:
    i = st.ifs.get(ifname or "")
    return str(ipaddress.IPv4Interface(i.addresses[0]).ip) if i and i.addresses else None


def _v2(st: _State, i: _If, proposals: dict[str, CryptoProposal]) -> tuple[VpnPeer | None, Tunnel]:
    pname = i.v2_profile or "default"
    prof = st.v2_profiles.get(pname)
    ike_names: tuple[str, ...] = ()
    esp_names: tuple[str, ...] = ()
    if prof is not None:
        ike_name = "ikev2-default" if pname == "default" else f"ikev2-{pname}"
        proposals.setdefault(ike_name, CryptoProposal(
            name=ike_name, kind="ike", encryption=tuple(prof.enc), integrity=tuple(prof.integ),
            dh_groups=tuple(prof.dh), line=prof.line))
        proposals.setdefault(ike_name + "-child", CryptoProposal(
            name=ike_name + "-child", kind="esp", encryption=tuple(prof.child_enc),
            integrity=tuple(prof.child_integ), dh_groups=tuple(prof.child_pfs), line=prof.line))
        ike_names, esp_names = (ike_name,), (ike_name + "-child",)
    local = _addr_of(st, i.v2_out)
    peer_addr, peer_id = i.v2_peer if i.v2_peer else (None, None)
    tunnel = Tunnel(source=local, destination=peer_addr, mode="ipsec", protection=ike_names[0] if ike_names else None)
    if peer_addr is None:
        return None, tunnel
    psk = st.v2_psk.get(peer_id or "") or st.v2_psk.get(peer_addr)
    return VpnPeer(name=i.name, local_address=local, remote_address=peer_addr, ike_version=2, psk_sha256=psk,
                   ike_proposals=ike_names, esp_proposals=esp_names, interface=i.name, line=i.line), tunnel


def _v1(st: _State, i: _If, proposals: dict[str, CryptoProposal]) -> tuple[VpnPeer | None, Tunnel]:
    m = st.v1_maps.get(i.v1_map or "")
    if m is None:
        return None, Tunnel(mode="ipsec", protection=i.v1_map)
    acl, peer, props, line = m
    pol = st.v1_policies.get(peer)
    for name in (*props, *([pol[2]] if pol else [])):
        if name in st.v1_props:
            proposals.setdefault(name, st.v1_props[name])
    rules = [r for r in st.lists.get(acl, []) if r.action == "permit"]
    local_ts = tuple(dict.fromkeys(s for r in rules for s in r.src))
    remote_ts = tuple(dict.fromkeys(d for r in rules for d in r.dst))
    peer_obj = VpnPeer(name=i.v1_map or "", local_address=None, remote_address=peer, ike_version=1,
                       psk_sha256=pol[1] if pol else None, ike_proposals=(pol[2],) if pol else (),
                       esp_proposals=props, interface=i.name, local_ts=local_ts, remote_ts=remote_ts, line=line)
    return peer_obj, Tunnel(destination=peer, mode="ipsec", protection=i.v1_map)


def _build(st: _State, lines: tuple[str, ...]) -> DeviceConfig:
    acls, acl_names = _acls(st)
    proposals: dict[str, CryptoProposal] = {}
    peers: list[VpnPeer] = []
    interfaces = []
    for i in sorted(st.ifs.values(), key=lambda x: x.line):
        tunnel = None
        if i.mode == "ipsec-ikev2":
            peer, tunnel = _v2(st, i, proposals)
        elif i.mode == "ipsec":
            peer, tunnel = _v1(st, i, proposals)
        else:
            peer = None
            if i.mode is not None:
                tunnel = Tunnel(mode=i.mode)
        if peer is not None:
            peers.append(peer)
        m = IF_RE.match(i.name)
        parent = f"{m.group(1)}{m.group(2)}.0" if m and i.vlan is not None else None
        interfaces.append(Interface(
            name=i.name, addresses=tuple(i.addresses), description=i.description, vlan=i.vlan, parent=parent,
            shutdown=i.shutdown if i.shutdown is not None else not i.name.startswith(("Loopback", "Null")),
            acl_in=acl_names.get((i.name, "in")), acl_out=acl_names.get((i.name, "out")),
            tunnel=tunnel, line=i.line))
    return DeviceConfig(hostname=st.hostname, platform=PLATFORM_NAME, interfaces=tuple(interfaces),
                        static_routes=tuple(st.routes), acls=tuple(acls), proposals=tuple(proposals.values()),
                        vpn_peers=tuple(peers), unparsed=tuple(sorted(st.unparsed, key=lambda u: u.line)),
                        lines=lines)


def parse(text: str) -> DeviceConfig:
    raw = text.splitlines()
    lines = tuple(redact(x) for x in raw)
    st = _State(lines=lines)
    for no, original in enumerate(raw, start=1):
        stripped = original.strip()
        if not stripped or stripped.startswith("!"):
            if stripped.startswith("!") and not original.startswith((" ", "\t")):
                st.block = ()
            continue
        w = stripped.split()
        indented = original[:1] in (" ", "\t")
        try:
            if indented and st.block:
                ok = _sub(st, no, w)
            else:
                st.block = tuple(w)
                ok = _top(st, no, stripped, w)
        except (ValueError, IndexError, KeyError):
            ok = False
        if not ok:
            st.unparsed.append(Unparsed(line=no, text=lines[no - 1]))
            if not indented and w[:2] == ["ip", "access-list"] and len(w) > 2:
                st.broken_lists.add(w[2])
    return _build(st, lines)
