"""Display tables: the report model turned into labelled rows of text, in one language.

Every tabular format (HTML, Markdown, CSV, XLSX, the PDF through HTML) prints these tables,
so a label or a verdict reads the same everywhere. Nothing here formats for a medium.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kyodo.report.i18n import Labels
from kyodo.report.model import Evidence, Finding, PathGroup, PathRow, Report

# HTML/Markdown fold expected inter-municipality paths per source above this many municipalities
GROUP_ABOVE = 40


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    status: str = ""  # "ok" | "fail" | "" — for colouring and JUnit


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # stable id: CSV file suffix, XLSX sheet, HTML anchor
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""


def ok(flag: bool) -> str:
    return "ok" if flag else "fail"


def muni_label(report: Report, code: str | None) -> str:
    m = report.muni(code)
    return m.label if m else (code or "")


def fix_text(f: Finding, t: Labels) -> str:
    """The finding's own remediation, else the catalogue's for its rule."""
    return f.fix or t.fix(f.rule)


def evidence_lines(items: tuple[Evidence, ...]) -> str:
    return "\n".join(str(e) for e in items)


def summary_rows(report: Report, t: Labels) -> tuple[tuple[str, str], ...]:
    pref = f"{report.prefecture_name} ({report.prefecture})" if report.prefecture_name else report.prefecture
    scope = [f"{t['municipalities']}: {len(report.municipalities)}"]
    if report.devices is not None:
        scope.append(f"{t['devices']}: {report.devices}")
    if report.vms is not None:
        scope.append(f"{t['vms']}: {report.vms}")
    method = {"static": t["method_static"], "both": t["method_both"]}[report.method]
    when = report.tested_at + (f" / {t['probe']}: {report.probed_at}" if report.probed_at else "")
    snap = "—"
    if report.snapshot:
        snap = f"{report.snapshot.path} ({report.snapshot.kind}, {len(report.snapshot.files)} {t['files']})"
    rows = [
        (t["prefecture"], pref),
        (t["cloud"], report.cloud_name or "—"),
        (t["scope"], ", ".join(scope)),
        (t["verdict"], t["compliant"] if report.compliant else t["not_compliant"]),
        (
            t["findings_by_severity"],
            ", ".join(f"{t.severity(s)} {n}" for s, n in report.severity_counts)
            if report.findings
            else t["no_findings"],
        ),
        (t["tested_when"], when),
        (t["tested_how"], method),
        (t["snapshot_path"], snap),
        (t["pairs_tested"], str(report.matrix.size * (report.matrix.size - 1))),
        (t["reachable_pairs"], str(len(report.matrix.reachable_pairs()))),
    ]
    if report.matrix.probe is not None:
        dis = len(report.matrix.disagreements())
        rows.append(
            (
                t["probe_agreement"],
                f"{report.matrix.probed_pairs() - dis} {t['pairs_agree']}, {dis} {t['pairs_disagree']}",
            )
        )
    rows.append((t["tool_version"], f"{report.tool_name} {report.tool_version}".strip()))
    rows.append((t["report_generated"], report.generated_at))
    return tuple(rows)


def snapshot_table(report: Report, t: Labels) -> Table | None:
    if report.snapshot is None:
        return None
    return Table(
        "snapshot",
        t["sec_snapshot"],
        (t["file"], t["sha256"]),
        tuple(Row((f.name, f.sha256)) for f in report.snapshot.files),
        note=report.snapshot.path,
    )


def _zone(report: Report, code: str | None, zone: str, t: Labels) -> str:
    if zone == "*":
        zone = t["all_zones"]
    if not code or code == zone:  # probes name non-municipal parties by their zone
        return zone
    return f"{muni_label(report, code)} · {zone}"


def path_row(report: Report, p: PathRow, t: Labels) -> Row:
    return Row(
        (
            _zone(report, p.src, p.src_zone, t),
            _zone(report, p.dst, p.dst_zone, t),
            t["any"] if p.port_spec == "any" else p.port_spec,
            t[p.expected],
            t[p.actual],
            t[p.method],
            p.time,
            t["pass"] if p.passed else t["fail"],
        ),
        ok(p.passed),
    )


def path_headers(t: Labels) -> tuple[str, ...]:
    return (
        t["src_zone"],
        t["dst_zone"],
        t["protocol_port"],
        t["expected"],
        t["actual"],
        t["method"],
        t["time"],
        t["result"],
    )


def path_groups(report: Report) -> tuple[PathGroup, ...]:
    """Passing paths folded per (source municipality, kind, expected verdict), in first-seen order."""
    groups: dict[tuple[str, str, str], list[PathRow]] = defaultdict(list)
    for p in report.paths:
        if p.passed:
            groups[(p.src or "", p.kind, p.expected)].append(p)
    out = []
    for (src, kind, expected), rows in groups.items():
        zones = tuple(dict.fromkeys(r.dst_zone.rsplit("/", 1)[-1] for r in rows))
        methods = {r.method for r in rows}
        out.append(
            PathGroup(
                src=src,
                kind=kind,
                expected=rows[0].expected,
                count=len(rows),
                dst_zones=zones,
                method=methods.pop() if len(methods) == 1 else "static_probe",
                time=rows[0].time,
            )
        )
        assert expected == rows[0].expected
    return tuple(out)


def path_tables(report: Report, t: Labels, *, fold: bool) -> tuple[Table, Table]:
    """(paths that must be blocked, paths that must work). With ``fold`` and a large scope, passing
    paths are folded per source municipality and kind (failures always stay one row each); the
    CSV/XLSX formats never fold."""
    fold = fold and (report.matrix.size > GROUP_ABOVE or not report.paths_complete)
    blocked: list[Row] = []
    required: list[Row] = []
    for p in report.paths:
        if fold and p.passed:
            continue
        (required if p.expected == "allowed" else blocked).append(path_row(report, p, t))
    note = ""
    if fold:
        others = report.matrix.size - 1
        for g in path_groups(report):
            dst = (
                f"{t['other_municipalities']} ({others})"
                if g.kind == "isolation"
                else ", ".join(t["all_zones"] if z == "*" else z for z in g.dst_zones)
            )
            row = Row(
                (
                    _zone(report, g.src or None, "*", t),
                    dst,
                    "—",
                    t[g.expected],
                    f"{t[g.expected]} {g.count}/{g.count}",
                    t[g.method],
                    g.time,
                    t["pass"],
                ),
                "ok",
            )
            (required if g.expected == "allowed" else blocked).append(row)
        note = t["paths_grouped"]
    return (
        Table("blocked", t["paths_blocked"], path_headers(t), tuple(blocked), note=note),
        Table("required", t["paths_required"], path_headers(t), tuple(required), note=note),
    )


def findings_table(report: Report, t: Labels) -> Table:
    rows = tuple(
        Row(
            (
                f.id,
                t.severity(f.severity),
                f.rule,
                ", ".join(muni_label(report, c) for c in f.municipalities),
                f.summary,
                evidence_lines(f.evidence),
                f.flow,
                fix_text(f, t),
            ),
            "fail",
        )
        for f in report.findings
    )
    return Table(
        "findings",
        t["sec_findings"],
        (
            t["finding_id"],
            t["severity"],
            t["rule"],
            t["municipalities"],
            t["summary"],
            t["evidence"],
            t["flow"],
            t["fix"],
        ),
        rows,
    )


def three_layer_table(report: Report, t: Labels) -> Table | None:
    if report.three_layer is None:
        return None
    rows = []
    for r in report.three_layer:
        internet = (
            t["blocked"] if not r.internet_reachable else f"{t['allowed']}\n{evidence_lines(r.internet_evidence)}"
        )
        lgwan = (
            "\n".join(
                f"{p.destination} {' '.join(p.ports)}: {t['allowed'] if p.reachable else t['blocked']}"
                + (f" ({p.exception})" if p.exception else (f" ({t['unlisted']})" if p.reachable else ""))
                for p in r.lgwan
            )
            or t["none"]
        )
        rows.append(
            Row(
                (
                    muni_label(report, r.municipality),
                    internet,
                    lgwan,
                    ", ".join(r.exceptions) or t["none"],
                    t["held"] if r.held else t["broken"],
                ),
                ok(r.held),
            )
        )
    return Table(
        "three_layer",
        t["sec_three_layer"],
        (t["municipality"], t["to_internet"], t["to_lgwan"], t["listed_exceptions"], t["result"]),
        tuple(rows),
        note=t["three_layer_intro"],
    )


def placement_tables(report: Report, t: Labels) -> tuple[Table, Table, Table] | None:
    p = report.placement
    if p is None:
        return None
    licensed = set(p.licensed_hosts)
    vms = tuple(
        Row(
            (
                v.name,
                muni_label(report, v.municipality),
                v.cluster,
                v.host or "—",
                t.yes_no(None if v.host is None else v.host in licensed),
                v.rule or "—",
                t.yes_no(v.mandatory),
                t["yes"] if v.compliant else t["no"],
            ),
            ok(v.compliant),
        )
        for v in p.vms
    )
    rules = tuple(
        Row(
            (r.name, r.cluster, r.vm_group, r.host_group, t.yes_no(r.mandatory), t.yes_no(r.enabled)),
            ok(r.mandatory and r.enabled),
        )
        for r in p.rules
    )
    app = tuple(Row((name,), "fail") for name in p.app_vms_on_db_cluster)
    return (
        Table(
            "placement",
            t["sec_placement"],
            (
                t["vm"],
                t["municipality"],
                t["cluster"],
                t["host"],
                t["licensed_hosts"],
                t["vm_host_rule"],
                t["mandatory"],
                t["in_compliance"],
            ),
            vms,
            note=f"{t['db_cluster']}: {p.db_cluster} / {t['licensed_hosts']}: {', '.join(p.licensed_hosts)}",
        ),
        Table(
            "drs_rules",
            t["rules"],
            (t["vm_host_rule"], t["cluster"], t["vm_group"], t["host_group"], t["mandatory"], t["enabled"]),
            rules,
        ),
        Table("app_on_db", t["app_vms_on_db"], (t["vm"],), app),
    )


def vpn_table(report: Report, t: Labels) -> Table | None:
    if report.vpn is None:
        return None
    rows = tuple(
        Row(
            (
                muni_label(report, v.municipality),
                v.tunnel,
                v.hub,
                v.cpe,
                "\n".join(v.ike_proposals),
                "\n".join(v.esp_proposals),
                v.key_hash or "—",
                t.yes_no(v.key_unique),
                t.yes_no(v.consistent),
                "\n".join(v.issues) or t["none"],
            ),
            ok(v.ok),
        )
        for v in report.vpn
    )
    return Table(
        "vpn",
        t["sec_vpn"],
        (
            t["municipality"],
            t["tunnel"],
            t["hub"],
            t["cpe"],
            t["ike_proposals"],
            t["esp_proposals"],
            t["key_hash"],
            t["key_unique"],
            t["consistent"],
            t["issues"],
        ),
        rows,
        note=t["leased_line_note"],
    )


def matrix_table(report: Report, t: Labels) -> Table:
    """The reachable (violating) pairs, and pairs where the methods disagree."""
    dis = set(report.matrix.disagreements())
    rows = tuple(
        Row(
            (
                muni_label(report, a),
                muni_label(report, b),
                t["cell_disagree"] if (a, b) in dis else t["cell_reachable"],
            ),
            "fail",
        )
        for a, b in report.matrix.reachable_pairs()
    )
    return Table("violating_pairs", t["violating_pairs"], (t["source"], t["destination"], t["result"]), rows)


def all_tables(report: Report, t: Labels, *, fold: bool) -> list[Table]:
    """Every table, in report order (None sections skipped)."""
    out: list[Table | None] = [
        snapshot_table(report, t),
        matrix_table(report, t),
        *path_tables(report, t, fold=fold),
        findings_table(report, t),
        three_layer_table(report, t),
    ]
    placement = placement_tables(report, t)
    if placement:
        out.extend(placement)
    out.append(vpn_table(report, t))
    return [x for x in out if x is not None]
