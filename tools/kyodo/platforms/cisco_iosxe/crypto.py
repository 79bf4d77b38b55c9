"""IOS-XE crypto algorithm keywords ↔ neutral algorithm tokens (both directions)."""

from __future__ import annotations

# IKEv2 proposal 'encryption' keywords
IKEV2_ENCRYPTION = {
    "aes-cbc-128": "aes128",
    "aes-cbc-192": "aes192",
    "aes-cbc-256": "aes256",
    "aes-gcm-128": "aes128gcm16",
    "aes-gcm-256": "aes256gcm16",
    "3des": "3des",
    "des": "des",
}
# IKEv2 'integrity' / 'prf' keywords
IKEV2_HASH = {"md5": "md5", "sha1": "sha1", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512"}

# IPsec transform-set transforms
ESP_ENCRYPTION = {
    "esp-aes": "aes128",
    "esp-aes 128": "aes128",
    "esp-aes 192": "aes192",
    "esp-aes 256": "aes256",
    "esp-gcm": "aes128gcm16",
    "esp-gcm 128": "aes128gcm16",
    "esp-gcm 256": "aes256gcm16",
    "esp-gmac": "aes128gmac",
    "esp-gmac 256": "aes256gmac",
    "esp-3des": "3des",
    "esp-des": "des",
    "esp-null": "null",
}
ESP_INTEGRITY = {
    "esp-md5-hmac": "md5",
    "esp-sha-hmac": "sha1",
    "esp-sha256-hmac": "sha256",
    "esp-sha384-hmac": "sha384",
    "esp-sha512-hmac": "sha512",
}

# legacy 'crypto isakmp policy' keywords
ISAKMP_ENCRYPTION = {
    "aes": "aes128",
    "aes 128": "aes128",
    "aes 192": "aes192",
    "aes 256": "aes256",
    "3des": "3des",
    "des": "des",
}
ISAKMP_HASH = {"md5": "md5", "sha": "sha1", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512"}

# what IOS-XE uses when an IPsec profile / crypto map names no transform-set
DEFAULT_TRANSFORMS = (("aes128", "3des"), ("sha1",))
# and when an isakmp policy omits a value
ISAKMP_DEFAULT_ENCRYPTION, ISAKMP_DEFAULT_HASH, ISAKMP_DEFAULT_GROUP = "des", "sha1", 1

SUPPORTED_DH_GROUPS = frozenset({1, 2, 5, 14, 15, 16, 19, 20, 21, 24, 31})


class CryptoRenderError(ValueError):
    """An algorithm the intent asks for that IOS-XE cannot configure."""


def _reverse(table: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for keyword, token in table.items():
        out.setdefault(token, keyword)
    return out


_IKE_ENC_KW = _reverse(IKEV2_ENCRYPTION)
_ESP_ENC_KW = {
    "aes128": "esp-aes 128",
    "aes192": "esp-aes 192",
    "aes256": "esp-aes 256",
    "aes128gcm16": "esp-gcm 128",
    "aes256gcm16": "esp-gcm 256",
}
_ESP_INT_KW = _reverse(ESP_INTEGRITY)


def ikev2_encryption_keyword(token: str) -> str:
    try:
        return _IKE_ENC_KW[token]
    except KeyError:
        raise CryptoRenderError(f"IKEv2 encryption {token!r} is not supported on IOS-XE") from None


def hash_keyword(token: str) -> str:
    if token not in IKEV2_HASH:
        raise CryptoRenderError(f"integrity {token!r} is not supported on IOS-XE")
    return token


def esp_transforms(encryption: str, integrity: str) -> str:
    try:
        enc = _ESP_ENC_KW[encryption]
    except KeyError:
        raise CryptoRenderError(f"ESP encryption {encryption!r} is not supported on IOS-XE") from None
    if "gcm" in encryption:
        return enc
    try:
        return f"{enc} {_ESP_INT_KW[integrity]}"
    except KeyError:
        raise CryptoRenderError(f"ESP integrity {integrity!r} is not supported on IOS-XE") from None


def dh_group(group: int) -> str:
    if group not in SUPPORTED_DH_GROUPS:
        raise CryptoRenderError(f"DH group {group} is not supported on IOS-XE")
    return str(group)
