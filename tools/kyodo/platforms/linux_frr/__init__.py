"""The ``linux_frr`` platform: a Linux router running FRR, nftables and strongSwan.

One artefact per device, made of sections, each introduced by a marker line::

    #### kyodo:section frr
    #### kyodo:section nftables [vrf=<VRF>]
    #### kyodo:section swanctl [vrf=<VRF>]

``frr`` (always first) is an FRR ``frr.conf`` for the netns VRF backend (``zebra -n``: a VRF
is a network namespace of the router); then one ``nftables`` section per namespace (without
``vrf`` for the router's default namespace, then one per VRF), each replacing only the
table ``inet kyodo`` (``table … / delete table … / table … { … }``, atomic under ``nft -f``);
then one ``swanctl`` section (a ``swanctl.conf``) per namespace where IPsec terminates.
The marker begins with ``#``, a comment for vtysh, nft and swanctl alike, so a section can be
fed to its tool as is; the lab applies each section in its namespace.

Modules: ``names`` (Linux port names, value checks), ``plan``/``filters``/``crypto`` (what
is printed, computed in Python), ``render`` + ``templates/``, ``frrconf``/``nftconf``/
``swanconf`` (section parsers), ``nftrule`` (one nft rule ⇄ one neutral rule), ``parser``
(whole artefact, ``detect``), ``redact`` (secrets in unparsed lines), ``expected``
(round-trip facts), ``diff`` (commands + rollback), ``facts`` (driver facts).

Limits of the platform (see ``plan`` and ``filters``): VRF route leaking does not exist on
netns VRFs — routes with ``next_hop_vrf`` are printed as FRR's ``nexthop-vrf`` but the
kernel never installs them; IPsec is policy-based, so routes into a tunnel are the
connection's traffic selectors, not FRR routes; ``rd``/route targets are not rendered.
"""

from __future__ import annotations

from kyodo.platforms.base import ConfigDiff, DriverFacts, SecretResolver
from kyodo.platforms.intent import DeviceIntent
from kyodo.platforms.neutral import DeviceConfig


class LinuxFrr:
    name = "linux_frr"

    def __init__(self) -> None:
        from kyodo.platforms.linux_frr.facts import FACTS

        self.facts: DriverFacts = FACTS

    def render(self, intent: DeviceIntent, secrets: SecretResolver) -> str:
        from kyodo.platforms.linux_frr.render import render

        return render(intent, secrets)

    def expected(self, intent: DeviceIntent) -> DeviceConfig:
        from kyodo.platforms.linux_frr.expected import expected

        return expected(intent)

    def parse(self, text: str) -> DeviceConfig:
        from kyodo.platforms.linux_frr.parser import parse

        return parse(text)

    def diff(self, running: str, intended: str) -> ConfigDiff:
        from kyodo.platforms.linux_frr.diff import diff

        return diff(running, intended)

    def detect(self, text: str) -> bool:
        from kyodo.platforms.linux_frr.parser import detect

        return detect(text)


PLATFORM = LinuxFrr()
