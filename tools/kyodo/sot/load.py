"""Load and validate the source of truth directory.

``inventory/sot/datacenter.yml`` and ``inventory/sot/municipalities/<code>.yml``. Every
problem is reported as ``FILE:LINE: field: message``; all of them are collected before
failing, and nothing is written by loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kyodo.errors import Problem, ValidationFailed
from kyodo.sot.models import Datacenter, Municipality
from kyodo.sot.yamlsrc import Located, dotted, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SoT:
    root: Path
    datacenter: Datacenter
    municipalities: tuple[Municipality, ...]
    sources: dict[str, Located] = field(repr=False, compare=False)
    warnings: tuple[Problem, ...] = ()

    def municipality(self, code: str) -> Municipality:
        for m in self.municipalities:
            if m.code == code:
                return m
        raise KeyError(code)


def _explain(err: Any) -> str:
    kind = err["type"]
    msg = str(err["msg"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (not allowed here; check its spelling)"
    if kind == "string_type":
        return f"expected text, found {type(err['input']).__name__} {err['input']!r} (quote it, e.g. '011002')"
    if kind == "union_tag_invalid":
        return f"{msg}"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return msg


def model_from(located: Located, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate located YAML data against a pydantic model, locating each error."""
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            # discriminated unions insert the tag ('ipsec_vpn') into loc: drop it for lookup
            clean = tuple(p for p in loc if p not in ("ipsec_vpn", "leased_line", "function-after[_network(), str]"))
            clean = tuple(p for p in clean if not (isinstance(p, str) and p.startswith("function-")))
            problems.append(Problem(located.file, located.line_of(clean), dotted(clean) or "(top)", _explain(err)))
        return None, problems


def load_sot(root: Path, *, strict: bool = False) -> SoT:
    """Read, validate and cross-check the SoT under ``root``. Raises ValidationFailed."""
    from kyodo.sot.checks import cross_check

    problems: list[Problem] = []
    sources: dict[str, Located] = {}
    dc_path = root / "datacenter.yml"
    rel = _display(root)
    datacenter: Datacenter | None = None
    dc_located: Located | None = None
    if not dc_path.is_file():
        problems.append(
            Problem(f"{rel}/datacenter.yml", 0, "(file)", "missing: the data centre definition is required")
        )
    else:
        located, errs = read_yaml(dc_path, f"{rel}/datacenter.yml")
        problems += errs
        if located:
            sources[located.file] = located
            dc_located = located
            datacenter, errs = model_from(located, Datacenter)
            problems += errs
    municipalities: list[Municipality] = []
    pairs: list[tuple[Municipality, Located]] = []
    mdir = root / "municipalities"
    files = sorted(mdir.glob("*.yml")) + sorted(mdir.glob("*.yaml")) if mdir.is_dir() else []
    for path in files:
        located, errs = read_yaml(path, f"{rel}/municipalities/{path.name}")
        problems += errs
        if not located:
            continue
        sources[located.file] = located
        m, errs = model_from(located, Municipality)
        problems += errs
        if m is not None:
            if path.stem != m.code:
                problems.append(
                    Problem(
                        located.file,
                        located.line_of(("code",)),
                        "code",
                        f"file is named '{path.name}' but holds code {m.code} (name it {m.code}.yml)",
                    )
                )
            municipalities.append(m)
            pairs.append((m, located))
    warnings: list[Problem] = []
    if datacenter is not None and dc_located is not None:
        cross, warnings = cross_check(datacenter, dc_located, pairs, strict=strict)
        problems += cross
    if problems:
        raise ValidationFailed(problems)
    assert datacenter is not None
    municipalities.sort(key=lambda m: m.code)
    return SoT(root, datacenter, tuple(municipalities), sources, tuple(warnings))


def _display(root: Path) -> str:
    try:
        return str(root.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(root)
