"""The change record: ``changes/<id>/`` holds everything an auditor asks about one change.

plan.json, approval, window decision (or the emergency reason), backups with hashes,
commands applied per device, runner artifacts (secret-free), verification results, the
report, timings, and ``summary.md`` in Japanese and English. Every file is checked for
known secret values before the record is closed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kyodo.errors import KyodoError


class SecretLeak(KyodoError):
    exit_code = 1


def new_change_id(code: str, operation: str) -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{operation[:4]}-{code}"


def _identity(text: str) -> str:
    return text


@dataclass
class ChangeRecord:
    """The auditable record (secret-free: every text written through it is masked) and, beside it, the
    change's private work folder under the state dir (mode 0700) for what must hold secrets: the
    intended configs a device needs, the backups kyodo may restore, the running configs it verified."""

    root: Path
    change_id: str
    code: str
    operation: str
    work: Path
    mask: Callable[[str], str] = _identity
    timings: dict[str, float] = field(default_factory=dict)
    outcome: str = "running"
    facts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, changes_dir: Path, change_id: str, code: str, operation: str, *, work_dir: Path,
             mask: Callable[[str], str] = _identity) -> ChangeRecord:
        root = changes_dir / change_id
        root.mkdir(parents=True, exist_ok=True)
        work = work_dir / change_id
        work.mkdir(parents=True, exist_ok=True)
        os.chmod(work_dir, 0o700)
        os.chmod(work, 0o700)
        rec = cls(root, change_id, code, operation, work, mask)
        rec.write_json("change.json", {"change_id": change_id, "code": code, "operation": operation,
                                       "started_at": datetime.now(UTC).isoformat(timespec="seconds")})
        return rec

    def path(self, name: str) -> Path:
        p = self.root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def write_text(self, name: str, text: str) -> Path:
        p = self.path(name)
        p.write_text(self.mask(text), encoding="utf-8")
        return p

    def write_private(self, name: str, text: str) -> Path:
        """A file that must hold secrets (a device config): in the work folder, 0600; the record keeps a
        masked copy under the same name."""
        p = self.work / name
        p.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        self.write_text(name, text)
        return p

    def mirror_private(self, folder: str) -> None:
        """Masked copies in the record of every file of a work sub-folder."""
        base = self.work / folder
        for p in sorted(base.rglob("*")):
            if p.is_file():
                self.write_text(str(p.relative_to(self.work)), p.read_text(encoding="utf-8"))

    def write_json(self, name: str, data: Any) -> Path:
        return self.write_text(name, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n")

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(time.perf_counter() - t0, 3)
            self.write_json("timings.json", self.timings)

    def scrub_check(self, secrets: Iterable[str]) -> list[Path]:
        """Files of the record containing any known secret (must be empty)."""
        values = [s for s in secrets if len(s) >= 6]
        bad = []
        for p in self.root.rglob("*"):
            if p.is_file():
                data = p.read_bytes()
                if any(s.encode() in data for s in values):
                    bad.append(p)
        return bad

    def close(self, outcome: str, secrets: Iterable[str]) -> None:
        self.outcome = outcome
        self.write_text("summary.md", summary_markdown(self))
        leaks = self.scrub_check(secrets)
        if leaks:
            raise SecretLeak(f"change record {self.root} contains secret values in: "
                             + ", ".join(str(p.relative_to(self.root)) for p in leaks))


def summary_markdown(rec: ChangeRecord) -> str:
    f = rec.facts
    op_ja = {"provision": "新規構築 (provision)", "deprovision": "撤去 (deprovision)"}.get(rec.operation, rec.operation)
    outcome_ja = {"applied": "適用完了", "planned": "計画のみ", "refused": "拒否", "failed": "失敗・切り戻し",
                  "no-change": "変更なし"}.get(rec.outcome, rec.outcome)
    lines = [
        f"# 変更記録 / Change record {rec.change_id}",
        "",
        "| 項目 / Item | 内容 / Value |",
        "|---|---|",
        f"| 団体コード / Municipality | {rec.code} {f.get('name', '')} |",
        f"| 作業 / Operation | {op_ja} |",
        f"| 結果 / Outcome | {outcome_ja} ({rec.outcome}) |",
        f"| 実施者 / Operator | {f.get('operator', '')} |",
        f"| 承認者 / Approved by | {f.get('approved_by') or '—'} |",
        f"| 作業時間帯 / Window | {f.get('window') or '—'} |",
        f"| 緊急理由 / Emergency reason | {f.get('emergency_reason') or '—'} |",
        f"| 機器コマンド数 / Device commands | {f.get('commands', 0)} |",
        f"| VM 変更 / VM changes | {f.get('vm_changes', 0)} |",
        f"| 事前検証 / Pre-verification | {f.get('pre_verify', '—')} |",
        f"| 事後検証 / Post-verification | {f.get('post_verify', '—')} |",
        f"| 報告書 / Report | {f.get('report', '—')} |",
        "",
        "## 所要時間 / Timings (s)",
        "",
        "| 工程 / Phase | 秒 / s |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in rec.timings.items()),
        "",
    ]
    if f.get("error"):
        lines += ["## エラー / Error", "", f"```\n{f['error']}\n```", ""]
    return "\n".join(lines)
