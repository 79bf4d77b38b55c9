"""strongSwan proposal strings ⇄ neutral ``CryptoProposal`` facts.

IKE: ``aes256-sha256-modp2048`` (AEAD: ``aes256gcm16-prfsha256-modp2048``); ESP:
``aes256-sha256-modp2048`` (AEAD: ``aes256gcm16-modp2048``, the group being PFS).
Group numbers follow IKE: 14 modp2048, 19 ecp256, 20 ecp384, 31 curve25519 (``x25519``).
"""

from __future__ import annotations

from kyodo.platforms.intent import Proposal
from kyodo.platforms.linux_frr.names import RenderError
from kyodo.platforms.neutral import CryptoProposal

DH_NAMES = {1: "modp768", 2: "modp1024", 5: "modp1536", 14: "modp2048", 15: "modp3072", 16: "modp4096",
            17: "modp6144", 18: "modp8192", 19: "ecp256", 20: "ecp384", 21: "ecp521", 31: "curve25519",
            32: "curve448"}
DH_NUMBERS = {v: k for k, v in DH_NAMES.items()} | {"x25519": 31, "x448": 32}
ENCRYPTION = {"aes128", "aes192", "aes256", "aes128gcm16", "aes192gcm16", "aes256gcm16", "aes128gcm12",
              "aes256gcm12", "aes128gcm8", "aes256gcm8", "aes128ctr", "aes256ctr", "3des", "des", "blowfish",
              "chacha20poly1305", "camellia128", "camellia256", "null"}
ALIASES = {"aes128gcm": "aes128gcm16", "aes256gcm": "aes256gcm16", "aes192gcm": "aes192gcm16",
           "sha2_256": "sha256", "sha2_384": "sha384", "sha2_512": "sha512", "sha": "sha1"}
INTEGRITY = {"md5", "sha1", "sha256", "sha384", "sha512", "aesxcbc", "aescmac"}
AEAD_MARKERS = ("gcm", "ccm", "poly1305")
_ENC_OK = {"aes256", "aes256gcm16", "aes128", "aes128gcm16"}
_INTEG_OK = {"sha256", "sha384", "sha512", "sha1"}


def is_aead(encryption: str) -> bool:
    return any(m in encryption for m in AEAD_MARKERS)


def _check(p: Proposal) -> None:
    if p.encryption not in _ENC_OK or p.integrity not in _INTEG_OK or p.dh_group not in DH_NAMES:
        raise RenderError(f"unsupported proposal {p.encryption}/{p.integrity}/group {p.dh_group}")


def ike_string(p: Proposal) -> str:
    _check(p)
    integ = f"prf{p.integrity}" if is_aead(p.encryption) else p.integrity
    return f"{p.encryption}-{integ}-{DH_NAMES[p.dh_group]}"


def esp_string(p: Proposal) -> str:
    _check(p)
    if is_aead(p.encryption):
        return f"{p.encryption}-{DH_NAMES[p.dh_group]}"
    return f"{p.encryption}-{p.integrity}-{DH_NAMES[p.dh_group]}"


def expected_proposal(name: str, kind: str, p: Proposal) -> CryptoProposal:
    """What ``parse_proposal`` gives back for the string printed from ``p``."""
    integrity: tuple[str, ...] = (p.integrity,)
    if kind == "esp" and is_aead(p.encryption):
        integrity = ()
    return CryptoProposal(name=name, kind="ike" if kind == "ike" else "esp", encryption=(p.encryption,),
                          integrity=integrity, dh_groups=(p.dh_group,))


def parse_proposal(name: str, kind: str, text: str, line: int) -> CryptoProposal | None:
    """One proposal (no commas); None when a token is unknown (the caller reports the line)."""
    enc: list[str] = []
    integ: list[str] = []
    prf: list[str] = []
    dh: list[int] = []
    for raw in text.strip().lower().split("-"):
        tok = ALIASES.get(raw, raw)
        if tok in ENCRYPTION:
            enc.append(tok)
        elif tok in INTEGRITY:
            integ.append(tok)
        elif tok.startswith("prf") and ALIASES.get(tok[3:], tok[3:]) in INTEGRITY:
            prf.append(ALIASES.get(tok[3:], tok[3:]))
        elif tok in DH_NUMBERS:
            dh.append(DH_NUMBERS[tok])
        elif tok in ("esn", "noesn"):
            continue
        else:
            return None
    if not enc:
        return None
    if kind == "ike" and not integ and all(is_aead(e) for e in enc):
        integ = prf
    return CryptoProposal(name=name, kind="ike" if kind == "ike" else "esp", encryption=tuple(enc),
                          integrity=tuple(integ), dh_groups=tuple(dh), line=line)
