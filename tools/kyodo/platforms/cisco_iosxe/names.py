"""Deterministic IOS-XE names for the logical objects of a ``DeviceIntent``.

Interfaces (the same intent always gives the same names):

==========================================  =========================================
port                                        interface
==========================================  =========================================
management address of the device            ``Loopback0`` (/32, global table)
``wan``                                     ``GigabitEthernet0/0/0``
``handoff`` with a VLAN (DC side)           ``GigabitEthernet0/0/1.<vlan>`` (dot1Q <vlan>)
``handoff`` without a VLAN (CPE side)       ``GigabitEthernet0/0/1``
``ipsec``                                   ``Tunnel<tunnel_id>``
any other kind with a VLAN                  ``Vlan<vlan>`` (SVI), carried on ``Port-channel1``
any other kind without a VLAN               ``GigabitEthernet0/1/<n>``, n = 0, 1, … in intent order
==========================================  =========================================

``Port-channel1`` is the trunk towards the vSphere hosts; it exists when there is at least
one SVI and carries exactly the SVI VLANs. ``GigabitEthernet0/0/1`` is rendered as the
(address-less) parent whenever a dot1Q hand-off exists.

Crypto objects: IKEv2 proposals and IPsec transform-sets are shared and named by their
parameters (``IKE-AES256-SHA256-G19``, ``ESP-AES256GCM16``); one IKEv2 policy ``KYODO``
lists every IKE proposal; keyrings, IKEv2 profiles and IPsec profiles are per VPN and
carry the VPN's name (``M312011``), so onboarding one municipality adds only its own.
"""

from __future__ import annotations

from kyodo.platforms.intent import PortIntent, Proposal

LOOPBACK = "Loopback0"
WAN = "GigabitEthernet0/0/0"
HANDOFF_PARENT = "GigabitEthernet0/0/1"
TRUNK = "Port-channel1"
ROUTED_PORT_PREFIX = "GigabitEthernet0/1/"
IKEV2_POLICY = "KYODO"


class NamingError(ValueError):
    """An intent cannot be named on this platform (e.g. an IPsec port without a tunnel id)."""


def interface_names(ports: tuple[PortIntent, ...]) -> dict[tuple[str, str], str]:
    """(kind, key) → interface name, for every port of the intent."""
    names: dict[tuple[str, str], str] = {}
    routed = 0
    for p in ports:
        if p.kind == "wan":
            name = WAN
        elif p.kind == "handoff":
            name = f"{HANDOFF_PARENT}.{p.vlan}" if p.vlan is not None else HANDOFF_PARENT
        elif p.kind == "ipsec":
            if p.tunnel_id is None:
                raise NamingError(f"ipsec port {p.key} has no tunnel id")
            name = f"Tunnel{p.tunnel_id}"
        elif p.vlan is not None:
            name = f"Vlan{p.vlan}"
        else:
            name = f"{ROUTED_PORT_PREFIX}{routed}"
            routed += 1
        if name in names.values():
            raise NamingError(f"two ports map to interface {name}")
        names[(p.kind, p.key)] = name
    return names


_ENC_TOKEN = {"aes256": "AES256", "aes256gcm16": "AES256GCM16", "aes128": "AES128", "aes128gcm16": "AES128GCM16"}


def is_gcm(encryption: str) -> bool:
    return "gcm" in encryption


def ike_proposal_name(p: Proposal) -> str:
    return f"IKE-{_ENC_TOKEN.get(p.encryption, p.encryption.upper())}-{p.integrity.upper()}-G{p.dh_group}"


def transform_set_name(p: Proposal) -> str:
    enc = _ENC_TOKEN.get(p.encryption, p.encryption.upper())
    return f"ESP-{enc}" if is_gcm(p.encryption) else f"ESP-{enc}-{p.integrity.upper()}"
