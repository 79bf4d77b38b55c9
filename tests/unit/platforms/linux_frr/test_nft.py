"""nftables rules as ``nft list ruleset`` prints them (fixtures captured from nft 1.0.6)."""

from __future__ import annotations

from kyodo.platforms.linux_frr import PLATFORM
from kyodo.platforms.linux_frr.nftrule import format_rule, parse_rule
from kyodo.platforms.neutral import ANY, AclRule, PortRange

from .compare import strip
from .conftest import FIXTURES
from .sample_intents import ALL, secret

REAL = FIXTURES / "real"


def _rules(name: str) -> dict[str, list[AclRule]]:
    cfg = PLATFORM.parse((REAL / name).read_text())
    return {a.name: list(a.rules) for a in cfg.acls}


def test_real_ruleset_rules() -> None:
    for fixture in ("nft_list_ruleset_gateway.txt", "nft_list_ruleset_gateway_handles.txt"):
        cfg = PLATFORM.parse((REAL / fixture).read_text())
        acls = {a.name: a for a in cfg.acls}
        assert set(acls) == {"inet filter input", "inet filter forward"}
        fwd = acls["inet filter forward"]
        assert (fwd.scope, fwd.default) == ("forward", "deny")
        first, office, web, dmz, last = fwd.rules
        assert first.established and first.action == "permit"
        assert (office.in_interface, office.out_interface, office.src) == ("lan0", "wan0", ("192.168.10.0/24",))
        assert web.dst == ("10.64.0.10/32", "10.64.0.11/32", "10.64.0.12/32")
        assert web.dst_ports == (PortRange(443, 443), PortRange(8443, 8443)) and web.protocol == "tcp"
        # an address range becomes the CIDRs that cover it exactly
        assert dmz.dst == ("10.0.0.0/28", "10.0.0.16/30", "10.0.0.20/32") and dmz.protocol == "udp"
        assert (last.action, last.src, last.dst) == ("deny", (ANY,), (ANY,))
        inp = acls["inet filter input"]
        assert [r.in_interface for r in inp.rules][1] == "lo"
        assert inp.rules[-1].log and inp.rules[-1].action == "deny"
        texts = {u.text.split("#")[0].strip() for u in cfg.unparsed}
        # what cannot be expressed exactly is reported, never dropped or widened
        for expected in ("ct state invalid counter packets 0 bytes 0 drop",
                         "icmp type echo-request limit rate 5/second accept",
                         'iifname "wan0" ip daddr 192.168.10.5 tcp dport 3389 jump rdp_guard',
                         "chain rdp_guard {", "type nat hook postrouting priority srcnat; policy accept;",
                         'oifname "wan0" ip saddr 192.168.10.0/24 counter packets 0 bytes 0 masquerade',
                         "ip saddr @mgmt_hosts tcp dport 22 counter packets 0 bytes 0 accept"):
            assert expected in texts, expected


def test_collected_ruleset_means_what_was_rendered() -> None:
    """The M312029 section of the DC golden, loaded into nft and listed back."""
    collected = PLATFORM.parse((REAL / "nft_list_ruleset_dc_M312029.txt").read_text())
    assert collected.unparsed == ()
    rendered = PLATFORM.parse((FIXTURES / "golden" / "dc_core.cfg").read_text())
    mine = [a for a in rendered.acls if a.vrf == "M312029"]
    assert [strip(a.rules) for a in collected.acls] == [strip(a.rules) for a in mine]
    assert [(a.scope, a.default) for a in collected.acls] == [(a.scope, a.default) for a in mine]


def test_format_then_parse_each_rule_of_the_samples() -> None:
    for build in ALL.values():
        text = PLATFORM.render(build(), secret)
        for acl in PLATFORM.parse(text).acls:
            for rule in acl.rules:
                again = parse_rule(format_rule(rule, "p: "))
                assert again is not None and strip(again) == strip(rule)


def test_rules_not_expressible_are_refused() -> None:
    for line in ('iifname != "a" accept', "ip saddr 10.0.0.1 counter", "ct state new accept",
                 "meta l4proto { tcp, udp } accept", "tcp dport 1 udp dport 2 accept", "ip daddr @set accept",
                 "accept drop", "meta mark 0x1 accept", "reject with tcp reset extra"):
        assert parse_rule(line) is None, line
