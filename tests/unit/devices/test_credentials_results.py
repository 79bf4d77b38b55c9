"""Credentials (redacted reprs, references), masking, per-host results and their aggregate, backups."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kyodo.devices.backup import sha256_text, write_backup
from kyodo.devices.change import Masker
from kyodo.devices.credentials import TrackingResolver, credentials_for
from kyodo.devices.results import ChangeFailed, ChangeReport, HostResult
from kyodo.secrets import SecretMissing, Vault


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    path = tmp_path / "vault.yml"
    path.write_text(yaml.safe_dump({"dc1": "Login-Pw-123", "dc1_username": "ops", "dc1_enable": "En-Secret-9"}))
    return Vault(path)


def test_vault_credentials_and_redacted_repr(vault: Vault) -> None:
    creds = credentials_for("vault:dc1", vault)
    assert (creds.username, creds.password, creds.enable_secret) == ("ops", "Login-Pw-123", "En-Secret-9")
    for text in (repr(creds), str(creds), f"{creds}"):
        assert "Login-Pw-123" not in text and "En-Secret-9" not in text and "ops" in text


def test_env_credentials_defaults(monkeypatch: pytest.MonkeyPatch, vault: Vault) -> None:
    monkeypatch.setenv("CPE_PW", "Env-Pw-55")
    creds = credentials_for("env:CPE_PW", vault)
    assert creds.username == "kyodo" and creds.enable_secret == "Env-Pw-55"
    with pytest.raises(SecretMissing):
        credentials_for("env:ABSENT_VAR_X", vault)


def test_tracking_resolver_knows_what_it_handed_out(monkeypatch: pytest.MonkeyPatch, vault: Vault) -> None:
    monkeypatch.setenv("PSK_X", "Env-Psk-777")
    resolver = TrackingResolver(vault)
    resolver("env:PSK_X")
    known = resolver.known()
    assert {"Env-Psk-777", "Login-Pw-123", "En-Secret-9"} <= set(known)
    assert "Env-Psk-777" not in repr(resolver)


def test_masker_masks_every_known_secret() -> None:
    mask = Masker(["Login-Pw-123", "ab"])
    assert mask("key Login-Pw-123 ab") == "key ******** ab"


def test_change_report_keeps_every_host_and_names_failures() -> None:
    ok = HostResult("cpe-1", "yamaha_rtx", "changed")
    bad = HostResult("cpe-2", "nec_ix", "failed", stage="push", message="command 3 rejected", restored=True)
    lost = HostResult("cpe-3", "nec_ix", "failed", stage="connect", message="host key")
    report = ChangeReport.of([bad, ok, lost])
    assert [r.host for r in report.results] == ["cpe-1", "cpe-2", "cpe-3"]
    assert report.failed_hosts == ("cpe-2", "cpe-3")
    with pytest.raises(ChangeFailed) as info:
        report.raise_on_failure()
    text = str(info.value)
    assert "2 of 3" in text and "cpe-2 [push] command 3 rejected (restored to backup)" in text
    assert "cpe-3 [connect] host key (nothing applied)" in text
    ChangeReport.of([ok]).raise_on_failure()


def test_backup_is_private_and_hashed(tmp_path: Path) -> None:
    b = write_backup(tmp_path, "dc1", "hostname dc1\n", stamp="t1")
    assert b.path == tmp_path / "dc1" / "t1.cfg" and b.text() == "hostname dc1\n"
    assert b.sha256 == sha256_text("hostname dc1\n") and (b.path.stat().st_mode & 0o777) == 0o600
