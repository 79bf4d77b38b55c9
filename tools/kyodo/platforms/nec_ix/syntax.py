"""NEC UNIVERGE IX words: access-list fields and IKE/IPsec algorithm names (both directions).

Follows the IX configuration guides (``ip access-list``, ``ike proposal``,
``ipsec autokey-proposal``, ``ikev2 default-profile`` with ``sa-proposal``/``child-proposal``).
Parsing functions raise ``ValueError``/``KeyError`` on words they do not know; the parser
turns that into an unparsed line.
"""

from __future__ import annotations

import ipaddress

from kyodo.platforms.neutral import ALL_PORTS, ANY, PortRange

PROTO_OUT = {"ip": "ip", "tcp": "tcp", "udp": "udp", "icmp": "icmp"}
PROTO_IN = {"ip": "ip", "tcp": "tcp", "udp": "udp", "icmp": "icmp", "6": "tcp", "17": "udp", "1": "icmp",
            "esp": "50", "ah": "51", "gre": "47"}

# IKEv2 (ikev2 default-profile / ikev2 profile)
V2_ENC = {"aes256": "aes-cbc-256", "aes128": "aes-cbc-128", "aes256gcm16": "aes-gcm-256",
          "aes128gcm16": "aes-gcm-128"}
V2_INTEG = {"sha256": "sha2-256", "sha384": "sha2-384", "sha512": "sha2-512", "sha1": "sha1"}
DH = {14: "2048-bit", 15: "3072-bit", 16: "4096-bit", 5: "1536-bit", 2: "1024-bit", 1: "768-bit",
      19: "256-bit-ecp", 20: "384-bit-ecp"}
V2_ENC_IN = {**{v: k for k, v in V2_ENC.items()}, "3des": "3des", "des": "des"}
V2_INTEG_IN = {**{v: k for k, v in V2_INTEG.items()}, "md5": "md5"}
DH_IN = {v: k for k, v in DH.items()}

# IKEv1 (ike proposal / ipsec autokey-proposal)
V1_ENC_IN = {"aes-256": "aes256", "aes-192": "aes192", "aes": "aes128", "aes-128": "aes128", "3des": "3des",
             "des": "des"}
V1_HASH_IN = {"sha2-256": "sha256", "sha2-384": "sha384", "sha2-512": "sha512", "sha": "sha1", "md5": "md5"}
ESP_ENC_IN = {"esp-aes-256": "aes256", "esp-aes-192": "aes192", "esp-aes": "aes128", "esp-aes-128": "aes128",
              "esp-3des": "3des", "esp-des": "des", "esp-gcm-256": "aes256gcm16", "esp-null": "null"}
ESP_HASH_IN = {"esp-sha2-256": "sha256", "esp-sha2-384": "sha384", "esp-sha2-512": "sha512", "esp-sha": "sha1",
               "esp-md5": "md5"}


def net(value: str) -> str:
    return str(ipaddress.IPv4Network(value, strict=False))


def host_addr(value: str) -> str:
    return str(ipaddress.IPv4Interface(value).ip)


def fmt_addr(prefix: str) -> str:
    n = ipaddress.IPv4Network(prefix, strict=False)
    return "any" if n.prefixlen == 0 else str(n)


def fmt_port(p: PortRange) -> str:
    if (p.lo, p.hi) == (0, 65535):
        return "any"
    return f"eq {p.lo}" if p.lo == p.hi else f"range {p.lo} {p.hi}"


def parse_addr(word: str) -> str:
    if word == "any":
        return ANY
    return net(word)


def parse_port(words: list[str], i: int) -> tuple[PortRange, int]:
    """Port spec at ``words[i]`` (``any``, ``eq N``, ``range A B``, ``gt N``, ``lt N``) → (range, next index)."""
    op = words[i]
    if op == "any":
        return ALL_PORTS[0], i + 1
    if op == "eq":
        v = int(words[i + 1])
        return PortRange(v, v), i + 2
    if op == "range":
        lo, hi = int(words[i + 1]), int(words[i + 2])
        if hi < lo:
            raise ValueError("empty port range")
        return PortRange(lo, hi), i + 3
    if op == "gt":
        return PortRange(int(words[i + 1]) + 1, 65535), i + 2
    if op == "lt":
        return PortRange(0, int(words[i + 1]) - 1), i + 2
    raise ValueError(f"port operator {op}")


def check_port(p: PortRange) -> PortRange:
    if not 0 <= p.lo <= p.hi <= 65535:
        raise ValueError("port out of range")
    return p
