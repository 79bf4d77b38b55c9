"""A change for one municipality must not touch another's config lines."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest

from kyodo.change.scope import Ownership, violations
from kyodo.ipam.allocator import kinds_for
from kyodo.ipam.ledger import Ledger
from kyodo.model import Resolved, resolve
from kyodo.platforms.registry import PLATFORMS
from kyodo.render.render import render_model
from kyodo.sot.generate import write_sot
from kyodo.sot.load import load_sot

pytestmark = pytest.mark.skipif("cisco_iosxe" not in PLATFORMS, reason="cisco_iosxe platform not registered")


def secrets(ref: str) -> str:
    return "s-" + hashlib.sha256(ref.encode()).hexdigest()[:12]


@pytest.fixture(scope="module")
def model() -> Resolved:
    tmp = Path(tempfile.mkdtemp())
    try:
        write_sot(tmp / "sot", "31", limit=5)
        sot = load_sot(tmp / "sot")
        ledger = Ledger(tmp / "l.sqlite")
        ledger.allocate(sot.datacenter.pools, {m.code: kinds_for(m.connection.type) for m in sot.municipalities})
        return resolve(sot, ledger.rows())
    finally:
        shutil.rmtree(tmp)


def _dc(model: Resolved, codes: set[str]) -> str:
    sub = model.model_copy(update={"municipalities": tuple(m for m in model.municipalities if m.code in codes)})
    return render_model(sub, secrets).configs["dc-core1"]


def test_onboarding_touches_only_its_own_objects(model: Resolved) -> None:
    p = PLATFORMS["cisco_iosxe"]
    codes = [m.code for m in model.municipalities]
    running, intended = _dc(model, set(codes[:3])), _dc(model, set(codes[:4]))
    diff = p.diff(running, intended)
    assert diff.commands
    own = Ownership(model, [p.parse(running), p.parse(intended)])
    assert violations("dc-core1", diff.commands, own, codes[3]) == []
    # the same diff presented as another municipality's change is refused, naming the owner
    found = violations("dc-core1", diff.commands, own, codes[0])
    assert found and all(codes[3] in v.owners for v in found)


def test_a_change_that_edits_a_neighbour_is_refused(model: Resolved) -> None:
    p = PLATFORMS["cisco_iosxe"]
    codes = [m.code for m in model.municipalities]
    running = _dc(model, set(codes[:3]))
    neighbour = model.by_code[codes[1]]
    # intended for onboarding codes[3], but also opening the neighbour's server filter
    intended = _dc(model, set(codes[:4])).replace(
        f"ip access-list extended {neighbour.vrf}-SERVER-IN\n",
        f"ip access-list extended {neighbour.vrf}-SERVER-IN\n 1 permit ip any any\n", 1)
    assert intended != _dc(model, set(codes[:4]))
    diff = p.diff(running, intended)
    own = Ownership(model, [p.parse(running), p.parse(intended)])
    found = violations("dc-core1", diff.commands, own, codes[3])
    assert [v.owners for v in found] == [(codes[1],)]
