"""The lab topology computed from the lab SoT: names, wiring and addresses."""

from __future__ import annotations

import dataclasses
import ipaddress
from collections import Counter

import pytest

from kyodo.lab.netnames import IFNAME_MAX, PREFIX, port_ifname
from kyodo.lab.netplan import LabPlan, PlanError, plan
from kyodo.model import Resolved
from kyodo.platforms.intent import DeviceIntent


@pytest.fixture
def lab(lab_model: Resolved, lab_intents: dict[str, DeviceIntent]) -> LabPlan:
    return plan(lab_model, lab_intents)


def test_lab_sot_mixes_leased_line_and_vpn(lab_model: Resolved) -> None:
    kinds = Counter(m.link.type for m in lab_model.municipalities)
    assert kinds["leased_line"] >= 1 and kinds["ipsec_vpn"] >= 1


def test_every_namespace_has_the_lab_prefix_and_is_unique(lab: LabPlan) -> None:
    names = [n for n, _ in lab.namespaces]
    assert all(n.startswith(PREFIX) for n in names)
    assert len(names) == len(set(names))


def test_interface_names_fit_linux_and_are_unique_per_namespace(lab: LabPlan) -> None:
    seen: Counter[tuple[str, str]] = Counter()
    for v in lab.veths:
        for end in (v.a, v.b):
            assert 0 < len(end.ifname) <= IFNAME_MAX
            seen[(end.ns, end.ifname)] += 1
    for br in lab.bridges:
        seen[(br.ns, br.name)] += 1
    assert [k for k, n in seen.items() if n > 1] == []


def test_every_vm_has_a_stand_in_on_its_segment(lab_model: Resolved, lab: LabPlan) -> None:
    for m in lab_model.municipalities:
        for vm in m.vms:
            host = lab.host(vm.name)
            assert host.address == vm.ip and host.municipality == m.code and host.zone == vm.role
            # its veth end sits in the bridge whose address is the VM's gateway
            veth = next(v for v in lab.veths if v.b.ns == host.ns)
            bridge = next(b for b in lab.bridges if b.ns == veth.a.ns and b.name == veth.a.bridge)
            gw = ipaddress.IPv4Interface(bridge.addrs[0])
            assert str(gw.ip) == vm.gateway and ipaddress.IPv4Address(vm.ip) in gw.network


def test_router_ports_carry_the_intent_addresses(lab_intents: dict[str, DeviceIntent], lab: LabPlan) -> None:
    placed = {(v.a.ns, v.a.ifname): v.a.addrs for v in lab.veths}
    placed |= {(v.b.ns, v.b.ifname): v.b.addrs for v in lab.veths}
    placed |= {(b.ns, b.name): b.addrs for b in lab.bridges}
    for intent in lab_intents.values():
        r = lab.router(intent.hostname)
        for port in intent.ports:
            name = port_ifname(port)
            if name is None:
                continue
            assert port.address in placed[(r.ns_of(port.vrf), name)], (intent.hostname, port.kind, port.key)


def test_ipsec_hand_off_lands_in_the_municipality_vrf(lab_model: Resolved, lab: LabPlan) -> None:
    core = lab.router(lab_model.dc_core.name)
    for m in lab_model.municipalities:
        if m.link.type != "ipsec_vpn":
            continue
        cpe = lab.router(m.cpe.name)
        leg = next(v for v in lab.veths if v.b.ns == cpe.ns and v.b.ifname == "wan0")
        assert leg.a.ns == core.ns_of(m.vrf)
        assert f"{m.link.hub_wan}/32" in leg.a.addrs
        assert m.vrf in core.charon_vrfs or any(v == m.vrf for v in core.charon_vrfs)


def test_vpn_vrfs_get_a_source_in_every_local_selector(lab_model: Resolved, lab: LabPlan) -> None:
    core = lab.router(lab_model.dc_core.name)
    vpn_ns = {core.ns_of(m.vrf) for m in lab_model.municipalities if m.link.type == "ipsec_vpn"}
    got = {ns for ns, _ in lab.loopbacks}
    assert got == vpn_ns
    shared_gw = f"{lab_model.shared_services_gw}/32"
    assert all((ns, shared_gw) in lab.loopbacks for ns in vpn_ns)


def test_shared_services_answer_on_every_hub_link(lab_model: Resolved, lab: LabPlan) -> None:
    shared = lab.host("shared-services")
    links = [v for v in lab.veths if v.b.ns == shared.ns]
    assert len(links) == len(lab_model.municipalities)
    assert {s.address for s in lab_model.services} <= {a.split("/")[0] for a in shared.extra}
    routed = {r.prefix for r in lab.routes if r.ns == shared.ns}
    for m in lab_model.municipalities:
        assert {m.server.subnet, m.db.subnet} <= routed


def test_other_platforms_are_refused(lab_model: Resolved, lab_intents: dict[str, DeviceIntent]) -> None:
    host = next(iter(lab_intents))
    changed = dict(lab_intents)
    changed[host] = dataclasses.replace(lab_intents[host], platform="yamaha_rtx")
    with pytest.raises(PlanError, match="yamaha_rtx"):
        plan(lab_model, changed)
