"""`kyodo report`: arguments, exit codes, files written."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from .conftest import FIX, SAMPLE_SOT


def test_writes_markdown(kyodo_cli: Callable[..., int], tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    rc = kyodo_cli(
        "report",
        "--from",
        str(FIX / "violations-19.verify.json"),
        "--probe",
        str(FIX / "violations-19.probe.json"),
        "--sot",
        str(SAMPLE_SOT),
        "--lang",
        "en",
        "--format",
        "md",
        "--out",
        str(out),
    )
    assert rc == 0
    assert "Not compliant" in out.read_text(encoding="utf-8")


def test_json_default_language_is_japanese(kyodo_cli: Callable[..., int], tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert (
        kyodo_cli(
            "report", "--from", str(FIX / "compliant-19.verify.json"), "--no-sot", "--format", "json", "--out", str(out)
        )
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["lang"] == "ja" and doc["compliant"] is True and doc["labels"]["matrix"] == "分離マトリクス"


def test_input_errors_exit_2(kyodo_cli: Callable[..., int], tmp_path: Path) -> None:
    verify = str(FIX / "compliant-19.verify.json")
    assert kyodo_cli("report", "--from", verify, "--format", "md") == 2  # no --out
    assert kyodo_cli("report", "--format", "md", "--out", str(tmp_path / "x.md")) == 2  # no input
    assert kyodo_cli("report", str(tmp_path), "--from", verify, "--out", str(tmp_path / "x.md")) == 2
    assert (
        kyodo_cli("report", "--from", verify, "--probe", str(tmp_path / "absent.json"), "--out", str(tmp_path / "x.md"))
        == 2
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert kyodo_cli("report", "--from", str(bad), "--out", str(tmp_path / "x.md")) == 2
    assert not (tmp_path / "x.md").exists()


def test_snapshot_runs_the_verifier(kyodo_cli: Callable[..., int], sample_sot: Path, tmp_path: Path) -> None:
    ledger = str(tmp_path / "ledger.sqlite")
    snap = tmp_path / "snap"
    assert kyodo_cli("allocate", "--sot", str(sample_sot), "--ledger", ledger) == 0
    assert kyodo_cli("vault", "init", "--sot", str(sample_sot)) == 0
    assert kyodo_cli("render", "--sot", str(sample_sot), "--ledger", ledger, "--out", str(snap)) == 0
    out = tmp_path / "r.json"
    assert (
        kyodo_cli(
            "report", str(snap), "--sot", str(sample_sot), "--ledger", ledger, "--format", "json", "--out", str(out)
        )
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["compliant"] is True and doc["scope"]["municipalities"] == 19
    files = {f["name"]: f["sha256"] for f in doc["snapshot"]["files"]}
    cfg = snap / "configs" / "dc-core1.cfg"
    assert files["configs/dc-core1.cfg"] == hashlib.sha256(cfg.read_bytes()).hexdigest()
    for name, digest in files.items():  # the verifier's own snapshot section, or the report's
        assert hashlib.sha256((snap / name).read_bytes()).hexdigest() == digest, name
    assert {f"configs/{p.name}" for p in (snap / "configs").glob("*.cfg")} <= set(files)
    # a leaked route target makes the same command report a finding
    text = cfg.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("  route-target import 65000:3"))
    cfg.write_text(text.replace(first, f"{first}\n  route-target import 65000:312029", 1), encoding="utf-8")
    assert (
        kyodo_cli(
            "report", str(snap), "--sot", str(sample_sot), "--ledger", ledger, "--format", "json", "--out", str(out)
        )
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["compliant"] is False and doc["findings"]
