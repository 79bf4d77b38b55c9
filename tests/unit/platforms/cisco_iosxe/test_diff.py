"""hier_config remediation and rollback between rendered (or device-printed) configs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hier_config import get_hconfig

from kyodo.platforms.cisco_iosxe import PLATFORM
from kyodo.platforms.cisco_iosxe.diff import KyodoIosXeDriver
from kyodo.platforms.intent import DeviceIntent, VrfIntent
from kyodo.platforms.neutral import AclRule, PortRange

from .sample_intents import dc_intent, secret

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "cisco_iosxe"


def _render(intent: DeviceIntent) -> str:
    return PLATFORM.render(intent, secret)


def _lines(commands: tuple[str, ...]) -> list[str]:
    return [c.strip() for c in commands]


def _applied(running: str, commands: tuple[str, ...]) -> set[str]:
    """The config hier_config predicts after applying ``commands`` to ``running`` (as a set of paths)."""
    driver = KyodoIosXeDriver()
    future = get_hconfig(driver, running).future(get_hconfig(driver, "\n".join(commands)))
    return {" / ".join(c.path()) for c in future.all_children()}


def _paths(text: str) -> set[str]:
    return {" / ".join(c.path()) for c in get_hconfig(KyodoIosXeDriver(), text).all_children()}


def test_intended_to_intended_is_empty() -> None:
    text = _render(dc_intent())
    result = PLATFORM.diff(text, text)
    assert result.empty and result.commands == () and result.rollback == ()


def test_changed_acl_touches_only_that_acl() -> None:
    intent = dc_intent()
    acl = intent.acls[2]
    assert acl.name == "M312011-LINK-IN"
    new_rule = AclRule(
        action="permit",
        protocol="tcp",
        src=("10.128.0.0/24",),
        dst=("10.64.0.11/32",),
        dst_ports=(PortRange(8443, 8443),),
    )
    changed = dataclasses.replace(
        intent, acls=(*intent.acls[:2], dataclasses.replace(acl, rules=(new_rule,)), *intent.acls[3:])
    )
    running, intended = _render(intent), _render(changed)
    result = PLATFORM.diff(running, intended)
    lines = _lines(result.commands)
    assert lines[0] == "ip access-list extended M312011-LINK-IN"
    assert lines.index("no 10") < lines.index("10 permit tcp 10.128.0.0 0.0.0.255 host 10.64.0.11 eq 8443")
    assert "10 permit tcp 10.128.0.0 0.0.0.255 host 10.64.0.11 eq 8443" in lines
    assert all(not c.startswith(("interface", "vrf", "crypto", "router", "ip route")) for c in lines)
    assert _applied(running, result.commands) == _paths(intended)
    assert _applied(intended, result.rollback) == _paths(running)


def test_added_vrf_adds_and_removes_nothing() -> None:
    intent = dc_intent()
    extra = VrfIntent(
        name="M312037",
        rd="65000:312037",
        rt_import=("65000:312037", "65000:1"),
        rt_export=("65000:312037",),
        description="倉吉市 312037",
        municipality="312037",
    )
    grown = dataclasses.replace(intent, vrfs=(*intent.vrfs, extra))
    running, intended = _render(intent), _render(grown)
    result = PLATFORM.diff(running, intended)
    lines = _lines(result.commands)
    assert lines[0] == "vrf definition M312037"
    assert "route-target import 65000:312037" in lines
    assert not [c for c in lines if c.startswith("no ")]
    assert _lines(result.rollback) == ["no vrf definition M312037"]
    assert _applied(running, result.commands) == _paths(intended)


def test_removed_tunnel_is_torn_down_in_dependency_order() -> None:
    intent = dc_intent()
    shrunk = dataclasses.replace(
        intent,
        ports=tuple(p for p in intent.ports if p.kind != "ipsec"),
        vpns=(),
        routes=tuple(r for r in intent.routes if r.via != ("ipsec", "312011")),
    )
    running, intended = _render(intent), _render(shrunk)
    result = PLATFORM.diff(running, intended)
    lines = _lines(result.commands)
    order = [
        "no ip route vrf M312011 10.128.0.0 255.255.255.0 Tunnel1 172.16.0.2",
        "no interface Tunnel1",
        "no crypto ipsec profile M312011",
        "no crypto ikev2 profile M312011",
        "no crypto ikev2 keyring M312011",
    ]
    assert [lines.index(c) for c in order] == sorted(lines.index(c) for c in order)
    assert "no crypto ikev2 proposal IKE-AES256-SHA256-G19" in lines
    assert "no crypto ipsec transform-set ESP-AES256GCM16" in lines
    assert not any(c.startswith("no vrf definition") for c in lines)
    assert _applied(running, result.commands) == _paths(intended)
    # rollback re-creates the profile before the tunnel that uses it
    back = _lines(result.rollback)
    assert back.index("crypto ipsec profile M312011") < back.index("interface Tunnel1")


def test_unmanaged_device_lines_are_never_negated() -> None:
    intended = _render(dc_intent())
    extras = (FIXTURES / "device_extras.cfg").read_text(encoding="utf-8")
    running = intended.replace("\nend\n", "\n" + extras)
    result = PLATFORM.diff(running, intended)
    assert result.commands == (), result.commands


def test_device_printed_form_needs_no_change() -> None:
    """What IOS-XE prints back (header, version, no ACL remarks, 'exit-address-family') is equal."""
    intended = _render(dc_intent())
    printed = (FIXTURES / "device_header.cfg").read_text(encoding="utf-8") + intended.replace(
        " remark kyodo filter SHARED-IN\n", ""
    )
    assert PLATFORM.diff(printed, intended).empty


def test_wrapped_trunk_list_as_the_device_prints_it_is_equal() -> None:
    """IOS prints long allowed-VLAN lists as ranges over several 'add' lines; that is no change."""
    intended = _render(dc_intent())
    assert " switchport trunk allowed vlan 100-103\n" in intended
    printed = intended.replace(
        " switchport trunk allowed vlan 100-103\n",
        " switchport trunk allowed vlan 100,101\n switchport trunk allowed vlan add 102-103\n",
    )
    assert PLATFORM.diff(printed, intended).empty
    grown = intended.replace("allowed vlan 100-103", "allowed vlan 100-104")
    assert _lines(PLATFORM.diff(printed, grown).commands) == [
        "interface Port-channel1",
        "switchport trunk allowed vlan 100-104",
        "exit",
    ]


def test_vrf_change_re_adds_the_addresses_it_wipes() -> None:
    intent = dc_intent()
    ports = list(intent.ports)
    n = next(i for i, p in enumerate(ports) if p.kind == "db" and p.key == "312029")
    ports[n] = dataclasses.replace(ports[n], vrf="SHARED")
    running, intended = _render(intent), _render(dataclasses.replace(intent, ports=tuple(ports)))
    result = PLATFORM.diff(running, intended)
    assert _lines(result.commands) == [
        "interface Vlan103",
        "vrf forwarding SHARED",
        "ip address 10.64.1.65 255.255.255.192",
        "exit",
    ]
    assert _lines(result.rollback) == [
        "interface Vlan103",
        "vrf forwarding M312029",
        "ip address 10.64.1.65 255.255.255.192",
        "exit",
    ]


def test_names_the_device_prints_for_numbers_are_no_change() -> None:
    """IOS shows 'permit 50' as 'permit esp' and 'eq 500' as 'eq isakmp': still converged."""
    from .sample_intents import cpe_ipsec_intent

    intended = _render(cpe_ipsec_intent())
    printed = (
        intended.replace("eq 500\n", "eq isakmp\n")
        .replace("eq 4500\n", "eq non500-isakmp\n")
        .replace(" 30 permit 50 ", " 30 permit esp ")
    )
    assert printed != intended
    assert PLATFORM.diff(printed, intended).empty
    assert not PLATFORM.diff(printed, intended.replace("eq 4500\n", "eq 4501\n")).empty


def test_no_shutdown_is_the_default_the_device_does_not_print() -> None:
    intent = dc_intent()
    intended = _render(intent)
    printed = intended.replace(" no shutdown\n", "")
    assert PLATFORM.diff(printed, intended).empty
    # an interface shut on the device is brought up, and rolled back to shut
    shut = printed.replace("interface Vlan103\n", "interface Vlan103\n shutdown\n")
    result = PLATFORM.diff(shut, intended)
    assert _lines(result.commands) == ["interface Vlan103", "no shutdown", "exit"]
    assert _lines(result.rollback) == ["interface Vlan103", "shutdown", "exit"]


def test_created_interfaces_are_enabled_and_rollback_never_shuts() -> None:
    intent = dc_intent()
    shrunk = dataclasses.replace(
        intent,
        ports=tuple(p for p in intent.ports if p.kind != "ipsec"),
        vpns=(),
        routes=tuple(r for r in intent.routes if r.via != ("ipsec", "312011")),
    )
    small, full = _render(shrunk).replace(" no shutdown\n", ""), _render(intent)
    grow = PLATFORM.diff(small, full)
    lines = _lines(grow.commands)
    tunnel = lines.index("interface Tunnel1")
    assert lines[tunnel : lines.index("exit", tunnel)][-1] == "no shutdown"
    assert "shutdown" not in _lines(grow.rollback)
    assert "shutdown" not in _lines(PLATFORM.diff(full, _render(shrunk)).rollback)
