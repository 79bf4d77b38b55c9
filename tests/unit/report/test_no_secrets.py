"""No key or password reaches any report format, even when the verifier quotes config lines
that carry them (fake secrets from a fake vault, real rendered configs)."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kyodo.report.build import build
from kyodo.report.inputs import VerifyDoc
from kyodo.report.model import Report
from kyodo.report.names import Directory
from kyodo.report.write import FORMATS, write_report

from .conftest import FIX


def _leaky() -> Any:
    spec = importlib.util.spec_from_file_location("report_leaky", FIX / "leaky.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def leaky(tmp_path_factory: pytest.TempPathFactory, names: Directory) -> tuple[Report, list[str], str]:
    doc, secrets = _leaky().leaky_document(tmp_path_factory.mktemp("vault"))
    text = json.dumps(doc, ensure_ascii=False)
    return build(VerifyDoc.model_validate(doc), names), secrets, text


def _readable(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8-sig")


def test_the_input_really_carries_secrets(leaky: tuple[Report, list[str], str]) -> None:
    _, secrets, text = leaky
    assert len(secrets) >= 5
    assert sum(1 for s in secrets if s in text) >= 5  # the test can fail: the secrets are there


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "pdf"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_secret_in_output(leaky: tuple[Report, list[str], str], tmp_path: Path, fmt: str, lang: str) -> None:
    report, secrets, _ = leaky
    written = write_report(report, fmt, lang, tmp_path / f"report.{fmt}")  # type: ignore[arg-type]
    assert written
    for path in written:
        text = _readable(path)
        leaked = [s[:4] + "…" for s in secrets if s in text]
        assert not leaked, f"{path.name} leaks {len(leaked)} secret(s)"
    # the evidence is still there, only masked
    if fmt in ("html", "md", "json", "junit"):
        assert "********" in _readable(written[0])


def test_snapshot_mode_quotes_no_secret(kyodo_cli: Any, sample_sot: Path, tmp_path: Path) -> None:
    """Real configs with a reused pre-shared key: the verifier quotes the key lines as evidence."""
    import yaml

    from kyodo.secrets import Vault

    ledger = str(tmp_path / "ledger.sqlite")
    assert kyodo_cli("allocate", "--sot", str(sample_sot), "--ledger", ledger) == 0
    assert kyodo_cli("vault", "init", "--sot", str(sample_sot)) == 0
    vault_path = tmp_path / "state" / "vault.yml"
    data = yaml.safe_load(vault_path.read_text(encoding="utf-8"))
    psks = sorted(k for k in data if k.startswith("psk_"))
    data[psks[1]] = data[psks[0]]  # two municipalities share one key
    vault_path.write_text(yaml.safe_dump(data), encoding="utf-8")
    secrets = Vault(vault_path).known()
    snap = tmp_path / "snap"
    assert kyodo_cli("render", "--sot", str(sample_sot), "--ledger", ledger, "--out", str(snap)) == 0
    configs = "".join(p.read_text(encoding="utf-8") for p in (snap / "configs").glob("*.cfg"))
    assert data[psks[0]] in configs  # the configs do carry the key
    for fmt in ("json", "html"):  # every format is covered from a leaky document above
        out = tmp_path / f"r.{fmt}"
        assert (
            kyodo_cli(
                "report", str(snap), "--sot", str(sample_sot), "--ledger", ledger, "--format", fmt, "--out", str(out)
            )
            == 0
        )
        if fmt == "json":
            doc = json.loads(out.read_text(encoding="utf-8"))
            assert any(f["rule"] == "vpn.psk_reuse" for f in doc["findings"])
            assert any(not v["key_unique"] for v in doc["vpn"])
        for path in tmp_path.glob(f"r.*{fmt}"):
            text = _readable(path)
            assert not [s for s in secrets if s in text], path.name
