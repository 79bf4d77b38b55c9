"""Configs the way real ones look: FRR ``show running-config`` captured from FRR 8.4.4 (with
OSPF, route-maps, passwords), an frr.conf after the FRR user guide, and a swanctl.conf after
strongSwan's examples. VRFs, interfaces and tunnels are found; the rest is reported."""

from __future__ import annotations

from kyodo.platforms.linux_frr import PLATFORM
from kyodo.platforms.neutral import BgpNeighbor

from .compare import sorted_facts, strip
from .conftest import FIXTURES
from .sample_intents import dc

REAL = FIXTURES / "real"


def _unparsed(cfg: object) -> set[str]:
    return {u.text.strip() for u in cfg.unparsed}  # type: ignore[attr-defined]


def test_frr_running_config_of_an_edge_router() -> None:
    text = (REAL / "frr_running_edge.txt").read_text()
    assert PLATFORM.detect(text)
    cfg = PLATFORM.parse(text)
    assert cfg.hostname == "vm"
    eth1 = cfg.interface("eth1")
    assert eth1 is not None and eth1.shutdown and eth1.addresses == ("10.10.1.1/24",)
    assert cfg.interface("eth0").description == "uplink to core"  # type: ignore[union-attr]
    routes = {r.prefix: r for r in cfg.static_routes}
    assert routes["10.99.0.0/16"].discard and routes["10.98.0.0/16"].distance == 200
    assert routes["10.97.0.0/16"].interface == "eth0" and routes["10.97.0.0/16"].next_hop is None
    vrf = cfg.vrf("M312011")
    assert vrf is not None and vrf.rd == "65010:312011" and vrf.rt_import == vrf.rt_export == ("65010:312011",)
    glob = next(b for b in cfg.bgp if b.vrf == "")
    assert glob.neighbors[0].address == "192.0.2.1" and glob.neighbors[0].remote_as == 65000
    assert glob.networks == ("10.10.1.0/24",) and glob.redistribute == ("ospf",)
    for line in ("router ospf", "ospf router-id 192.0.2.10", "route-map TO-CORE permit 10", "set metric 100",
                 "ip prefix-list OFFICE seq 5 permit 10.128.0.0/16 le 24", "password <redacted>", "ip ospf cost 10",
                 "no ip forwarding", "neighbor 192.0.2.1 route-map TO-CORE out", "log syslog informational"):
        assert line in _unparsed(cfg), line
    for line in ("frr version 8.4.4", "end", "exit", "!", "Building configuration..."):
        assert line not in _unparsed(cfg)


def test_frr_conf_in_the_user_guide_style() -> None:
    cfg = PLATFORM.parse((REAL / "frr_conf_docs_style.conf").read_text())
    assert cfg.hostname == "office-r1"
    sub = cfg.interface("eth1.120")
    assert sub is not None and (sub.vlan, sub.parent) == (120, "eth1")
    assert cfg.interface("eth1").addresses == ("192.0.2.1/24", "192.0.2.129/25")  # type: ignore[union-attr]
    blue = cfg.interface("blue0")
    assert blue is not None and blue.vrf == "BLUE" and cfg.vrf("BLUE") is not None
    routes = {(r.vrf, r.prefix): r for r in cfg.static_routes}
    assert routes[("", "10.64.0.0/12")].discard and routes[("", "10.64.0.0/12")].distance == 250
    assert routes[("", "172.31.0.0/16")].interface == "eth1"
    assert routes[("BLUE", "10.200.0.0/16")].next_hop == "10.201.0.1"
    assert ("", "10.66.0.0/16") not in routes   # MPLS label: not modelled, reported
    got = _unparsed(cfg)
    for line in ("ip route 10.66.0.0/16 192.0.2.3 label 100", "banner motd line Authorised access only",
                 "key-string 7 <redacted>", "router rip", "network 192.0.2.0/24", "vni 1000",
                 "router bgp 65010 view SPECIAL", "exec-timeout 5 0", "access-list MGMT seq 10 deny any",
                 "link-detect", "log file /var/log/frr/frr.log"):
        assert line in got, line


def test_collected_dc_running_config_means_what_was_rendered() -> None:
    """The FRR section of the DC golden applied with ``vtysh -b`` to FRR 8.4.4 (netns VRFs) and
    read back with ``show running-config``: same interfaces, routes, VRFs and BGP, in FRR's order."""
    cfg = PLATFORM.parse((REAL / "frr_running_dc_core.txt").read_text())
    assert cfg.unparsed == ()
    want = PLATFORM.expected(dc())
    for attr in ("interfaces", "static_routes", "vrfs", "bgp"):
        assert sorted_facts(getattr(cfg, attr)) == sorted_facts(getattr(want, attr)), attr


def test_swanctl_with_other_connections() -> None:
    text = (REAL / "swanctl_gateway.conf").read_text()
    assert PLATFORM.detect(text)
    cfg = PLATFORM.parse(text)
    peers = {p.name: p for p in cfg.vpn_peers}
    assert set(peers) == {"cloud/office", "cloud/printers", "rw", "legacy"}
    office = peers["cloud/office"]
    assert (office.local_address, office.remote_address, office.ike_version) == ("198.51.100.10", "203.0.113.1", 2)
    assert office.remote_ts == ("10.64.0.0/24", "10.255.0.0/24") and office.interface is None
    assert office.psk_sha256 is not None and office.psk_sha256 == peers["cloud/printers"].psk_sha256
    assert peers["rw"].psk_sha256 is None                  # certificate/EAP, no PSK
    assert peers["legacy"].psk_sha256 is not None          # secret without ids, given in hex
    props = {p.name: p for p in cfg.proposals}
    assert strip(props["cloud-ike2"]) == {"name": "cloud-ike2", "kind": "ike", "encryption": ["aes128"],
                                          "integrity": ["sha1"], "dh_groups": [2]}
    assert props["cloud/office-esp"].encryption == ("aes256gcm16",) and props["cloud/office-esp"].integrity == ()
    assert "branch-to-cloud key" not in cfg.to_json()
    got = _unparsed(cfg)
    for line in ("include conf.d/*.conf", "pools {", "addrs = 10.3.0.0/28", "cacert = caCert.pem",
                 "mode = transport", "esp_proposals = default", "eap-alice {", "file = gatewayKey.pem"):
        assert line in got, line
    # a secret in an unmodelled block is reported with its value redacted
    assert "secret = <redacted>" in got and "alice password" not in cfg.to_json()


def test_bgp_neighbor_model_shape() -> None:
    cfg = PLATFORM.parse((REAL / "frr_running_edge.txt").read_text())
    assert all(isinstance(n, BgpNeighbor) for b in cfg.bgp for n in b.neighbors)
