"""Municipality names (kanji, kana) and the prefecture, for labels.

The SoT is the first source (its names are the ones the operators use); the national list
shipped with kyodo (``kyodo/data/municipalities.csv``, CC0) fills in codes the SoT lacks,
so a report of another prefecture's snapshot still prints names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from kyodo.report.model import Muni


@dataclass(frozen=True)
class Directory:
    munis: dict[str, Muni] = field(default_factory=dict)
    prefectures: dict[str, str] = field(default_factory=dict)  # "31" → 鳥取県
    prefecture: str | None = None  # from the SoT
    cloud_name: str = ""

    def muni(self, code: str) -> Muni:
        return self.munis.get(code) or Muni(code=code, name="", kana="")


@cache
def _national() -> tuple[dict[str, Muni], dict[str, str]]:
    munis: dict[str, Muni] = {}
    prefs: dict[str, str] = {}
    text = resources.files("kyodo.data").joinpath("municipalities.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        munis[row["code"]] = Muni(code=row["code"], name=row["name"], kana=row["kana"])
        prefs.setdefault(row["code"][:2], row["prefecture"])
    return munis, prefs


def directory(sot_path: Path | None) -> Directory:
    """Names from the SoT at ``sot_path`` (if given) over the national list."""
    national, prefs = _national()
    munis = dict(national)
    prefecture = None
    cloud = ""
    if sot_path is not None:
        from kyodo.sot.load import load_sot

        sot = load_sot(sot_path)
        prefecture = sot.datacenter.prefecture
        cloud = sot.datacenter.name
        for m in sot.municipalities:
            munis[m.code] = Muni(code=m.code, name=m.name, kana=m.kana)
    return Directory(munis=munis, prefectures=prefs, prefecture=prefecture, cloud_name=cloud)
