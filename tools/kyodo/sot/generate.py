"""Synthetic but valid SoT for any prefecture (or the whole country), from the national list.

Used for the shipped samples, the lab SoT, benchmarks and scale tests. Deterministic: the
same arguments always give byte-identical files.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import yaml

from kyodo.sot.codes import NationalEntry, national_list

CPE_PLATFORMS = ("yamaha_rtx", "nec_ix", "cisco_iosxe", "linux_frr")

INTENTS: list[dict[str, Any]] = [
    {
        "name": "clients_to_webap",
        "sources": ["office_clients"],
        "destinations": ["web_ap"],
        "ports": ["tcp/443"],
        "description": "Office terminals use the NHI application",
    },
    {
        "name": "print_to_printers",
        "sources": ["print"],
        "destinations": ["office_printers"],
        "ports": ["tcp/9100", "tcp/515", "tcp/631"],
        "description": "Print server sends jobs to office printers",
    },
    {
        "name": "app_to_db",
        "sources": ["web_ap", "batch"],
        "destinations": ["db"],
        "ports": ["tcp/1521"],
        "description": "Application and batch servers use their own Oracle DB",
    },
    {
        "name": "mgmt_to_vms",
        "sources": ["management"],
        "destinations": ["web_ap", "batch", "print", "db"],
        "ports": ["tcp/22"],
        "description": "Operators manage the VMs",
    },
    {
        "name": "to_shared_services",
        "sources": ["web_ap", "batch", "print", "db"],
        "destinations": ["shared_services"],
        "description": "NTP, DNS, AV/patch and backup",
    },
]

SERVICES: list[dict[str, Any]] = [
    {"name": "ntp", "address": "10.255.0.10", "ports": ["udp/123"]},
    {"name": "dns", "address": "10.255.0.11", "ports": ["udp/53", "tcp/53"]},
    {"name": "av-patch", "address": "10.255.0.12", "ports": ["tcp/8443"]},
    {"name": "backup", "address": "10.255.0.13", "ports": ["tcp/10000"]},
]


def datacenter(prefecture: str, name: str, *, platform: str = "cisco_iosxe", hosts: int = 4) -> dict[str, Any]:
    return {
        "prefecture": prefecture,
        "name": name,
        "pools": {
            "municipality_supernets": ["10.64.0.0/12"],
            "municipality_block_prefixlen": 24,
            "transfer": "172.16.0.0/16",
            "management": "10.250.0.0/24",
            "shared_services": "10.255.0.0/24",
            "segment_vlans": {"start": 100, "end": 3599},
            "handoff_vlans": {"start": 3600, "end": 4094},
            "tunnel_ids": {"start": 1, "end": 9999},
        },
        "bgp": {"asn": 65000, "hub_vrf": "SHARED", "hub_route_target": "65000:1"},
        "vsphere": {
            "vcenter": "vcenter.dc.example.jp",
            "credential": "vault:vcenter",
            "datacenter": "DC-NHI",
            "distributed_switch": "dvs-nhi",
            "folder_root": "NHI",
            "app_cluster": {
                "name": "app-cluster",
                "hosts": [{"name": f"esx-app{i:02d}"} for i in range(1, hosts + 1)],
                "datastores": ["ds-app01"],
            },
            "db_cluster": {
                "name": "db-cluster",
                "hosts": [{"name": "esx-db01", "oracle_licensed": True}, {"name": "esx-db02", "oracle_licensed": True}],
                "datastores": ["ds-db01"],
            },
        },
        "devices": [
            {
                "name": "dc-core1",
                "roles": ["dc_core", "vpn_hub", "leased_line_pe"],
                "platform": platform,
                "management_address": "10.250.0.2",
                "credential": "vault:dc_core1",
                "wan_address": "203.0.113.1",
                "description": "DC core, IPsec hub and leased-line PE",
            },
        ],
        "shared_services": SERVICES,
        "intents": INTENTS,
        "external": {"internet_edge": "192.0.2.0/24", "lgwan": "10.240.0.0/16"},
        "size_profiles": {
            "small": {"cpu": 2, "memory_mb": 4096, "disk_gb": 60},
            "medium": {"cpu": 4, "memory_mb": 8192, "disk_gb": 100},
            "large": {"cpu": 8, "memory_mb": 16384, "disk_gb": 200},
        },
    }


def municipality(
    entry: NationalEntry, i: int, *, cpe_platform: str | None = None, leased: bool | None = None
) -> dict[str, Any]:
    """The synthetic file of the i-th municipality (i counts from 0 within the SoT)."""
    office = ipaddress.IPv4Address("10.128.0.0") + 512 * i
    platform = cpe_platform or CPE_PLATFORMS[i % len(CPE_PLATFORMS)]
    is_leased = (i % 5 == 1) if leased is None else leased
    city = entry.name.endswith("市") or entry.name.endswith("区")
    cpe = {
        "name": f"cpe-{entry.code}",
        "platform": platform,
        "management_address": str(ipaddress.IPv4Address("10.252.0.1") + i),
        "credential": f"vault:cpe_{entry.code}",
    }
    if is_leased:
        conn: dict[str, Any] = {
            "type": "leased_line",
            "pe": "dc-core1",
            "circuit_id": f"NTT-{entry.code}-{i + 1:04d}",
            "bandwidth_mbps": 100,
            "cpe": cpe,
        }
    else:
        conn = {
            "type": "ipsec_vpn",
            "hub": "dc-core1",
            "peer_address": str(ipaddress.IPv4Address("198.18.0.10") + i),
            "psk": f"vault:psk_{entry.code}",
            "cpe": cpe,
        }
    doc: dict[str, Any] = {
        "code": entry.code,
        "name": entry.name,
        "kana": entry.kana,
        "status": "active",
        "connection": conn,
        "office": {"clients": f"{office}/24", "printers": f"{office + 256}/24"},
        "vms": {"size": "medium" if city else "small", "web_ap": 2 if city else 1, "batch": 1, "print": 1, "db": 1},
    }
    if i % 7 == 3:
        doc["lgwan_exceptions"] = [
            {
                "name": "eltax",
                "destination": "10.240.1.10/32",
                "ports": ["tcp/443"],
                "reason": "eLTAX 連携 (listed exception)",
            }
        ]
    return doc


def select(prefecture: str | None, limit: int | None = None) -> list[NationalEntry]:
    entries = sorted(national_list().values(), key=lambda e: e.code)
    if prefecture not in (None, "00"):
        entries = [e for e in entries if e.code[:2] == prefecture]
    return entries[:limit] if limit else entries


def _dump(path: Path, doc: dict[str, Any], header: str) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)
    path.write_text(header + text, encoding="utf-8")


def write_sot(
    out: Path,
    prefecture: str | None,
    *,
    limit: int | None = None,
    dc_platform: str = "cisco_iosxe",
    cpe_platform: str | None = None,
) -> int:
    """Write datacenter.yml and one file per municipality under ``out``. Returns the count."""
    entries = select(prefecture, limit)
    if not entries:
        raise ValueError(f"no municipality with prefecture code {prefecture!r}")
    pref = prefecture or "00"
    pref_name = entries[0].prefecture if pref != "00" else "全国"
    mdir = out / "municipalities"
    mdir.mkdir(parents=True, exist_ok=True)
    header = "# kyodo source of truth (synthetic, generated by 'kyodo sot generate'; edit freely)\n"
    _dump(out / "datacenter.yml", datacenter(pref, f"{pref_name}国保共同クラウド", platform=dc_platform), header)
    for i, e in enumerate(entries):
        _dump(mdir / f"{e.code}.yml", municipality(e, i, cpe_platform=cpe_platform), header)
    return len(entries)
