"""Verification results as JSON (contract ``kyodo.verify/1``), Markdown or JUnit XML."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from kyodo.verify.engine import Result

FORMATS = ("json", "md", "junit")


def to_json(result: Result) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


def to_markdown(result: Result) -> str:
    verdict = "COMPLIANT" if result.compliant else "NOT COMPLIANT"
    out = [f"# kyodo verify: {verdict}", "",
           f"{len(result.municipalities)} municipalities, {len(result.devices)} devices, "
           f"{len(result.findings)} finding(s).", ""]
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    if counts:
        out += ["| severity | count |", "|---|---|", *[f"| {k} | {v} |" for k, v in counts.items()], ""]
    for f in result.findings:
        out.append(f"## {f.severity.upper()} {f.rule} `{f.id}`")
        out.append("")
        out.append(_md_escape(f.summary))
        out.append("")
        if f.municipalities:
            out.append(f"- municipalities: {', '.join(f.municipalities)}")
        if f.devices:
            out.append(f"- devices: {', '.join(f.devices)}")
        if f.flow:
            port = f"/{f.flow.dst_port}" if f.flow.dst_port is not None else ""
            out.append(f"- flow: {f.flow.src} → {f.flow.dst} {f.flow.protocol}{port}")
            for hop in f.flow.path:
                out.append(f"  - {_md_escape(hop)}")
        if f.evidence:
            out.append("")
            out.append("```")
            out.extend(str(e) for e in f.evidence)
            out.append("```")
        out.append("")
    order = result.matrix.order
    if order and len(order) <= 60:
        out += ["## Reachability matrix (row reaches column)", "",
                "| from \\ to | " + " | ".join(order) + " |", "|---" * (len(order) + 1) + "|"]
        for code, row in zip(order, result.matrix.reachable, strict=True):
            out.append(f"| {code} | " + " | ".join("—" if a == b else ("**YES**" if r else "no")
                                                  for a, b, r in zip([code] * len(order), order, row, strict=True))
                       + " |")
        out.append("")
    return "\n".join(out)


def to_junit(result: Result) -> str:
    suite = ET.Element("testsuite", name="kyodo.verify", tests=str(max(len(result.findings), 1)),
                       failures=str(sum(1 for f in result.findings if f.failing)))
    if not result.findings:
        ET.SubElement(suite, "testcase", classname="kyodo.verify", name="compliant")
    for f in result.findings:
        case = ET.SubElement(suite, "testcase", classname=f"kyodo.verify.{f.rule}",
                             name=f"{f.id} {' '.join(f.municipalities)}".strip())
        body = "\n".join([f.summary, *(str(e) for e in f.evidence)])
        if f.failing:
            fail = ET.SubElement(case, "failure", type=f.rule, message=f.summary)
            fail.text = body
        else:
            out = ET.SubElement(case, "system-out")
            out.text = body
    suites = ET.Element("testsuites")
    suites.append(suite)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def render(result: Result, fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    if fmt == "md":
        return to_markdown(result)
    if fmt == "junit":
        return to_junit(result)
    raise ValueError(fmt)
