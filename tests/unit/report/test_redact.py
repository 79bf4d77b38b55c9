"""Secret masking in evidence text, for each platform's key syntax."""

from __future__ import annotations

import secrets

import pytest

from kyodo.report.redact import MASK, redact

LINES = [
    "ipsec ike pre-shared-key 1 text {s}",  # Yamaha RTX
    "  pre-shared-key local 0 {s}",  # Cisco IKEv2 keyring
    "  pre-shared-key {s}",
    "crypto isakmp key 6 {s} address 198.51.100.1",
    "ike policy pol1 peer 198.51.100.1 key {s} prop1",  # NEC IX
    "ikev2 authentication psk id ipv4 203.0.113.1 key char {s}",  # NEC IX IKEv2
    '    secret = "{s}"',  # strongSwan swanctl
    "198.51.100.1 : PSK {s}",  # ipsec.secrets
    "username admin password 0 {s}",
    "enable secret 9 {s}",
    "snmp-server community {s} RO",
    "password: {s}",
]


@pytest.mark.parametrize("template", LINES)
def test_masks_the_secret(template: str) -> None:
    s = secrets.token_urlsafe(18)
    line = template.format(s=s)
    out = redact(line)
    assert s not in out and MASK in out


@pytest.mark.parametrize(
    "text",
    [
        "vrf definition M312011",
        " route-target import 65000:312029",
        "ip access-list extended M312037-LGWAN permit tcp any 10.240.9.0 0.0.0.255 eq 445",
        "ipsec sa policy 101 1 esp aes256-cbc sha-hmac",
        "rule-314013-db mandatory=false",
    ],
)
def test_leaves_other_lines_alone(text: str) -> None:
    assert redact(text) == text
