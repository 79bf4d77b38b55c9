"""`--municipalities N`: the first N of the lab SoT, or N generated ones (linux_frr everywhere)."""

from __future__ import annotations

from pathlib import Path

from kyodo.lab.netmodel import lab_sot
from kyodo.sot.load import load_sot

LAB_SOT = Path(__file__).resolve().parents[3] / "inventory" / "lab" / "sot"


def test_default_is_a_copy_of_the_whole_lab_sot(tmp_path: Path) -> None:
    copy = lab_sot(LAB_SOT, None, tmp_path)
    assert tmp_path in copy.parents
    shipped = load_sot(LAB_SOT)
    assert load_sot(copy).municipalities == shipped.municipalities


def test_fewer_takes_the_first_codes(tmp_path: Path) -> None:
    shipped = sorted(m.code for m in load_sot(LAB_SOT).municipalities)
    sub = load_sot(lab_sot(LAB_SOT, 2, tmp_path))
    assert sorted(m.code for m in sub.municipalities) == shipped[:2]


def test_more_are_generated_on_linux_frr(tmp_path: Path) -> None:
    sot = load_sot(lab_sot(LAB_SOT, 7, tmp_path))
    assert len(sot.municipalities) == 7
    assert {m.connection.cpe.platform for m in sot.municipalities} == {"linux_frr"}
    assert {d.platform for d in sot.datacenter.devices} == {"linux_frr"}
    assert {m.connection.type for m in sot.municipalities} == {"ipsec_vpn", "leased_line"}
