"""Oracle licence boundary, from ``vsphere.json``: ``placement.db_cluster`` (a DB VM off the DB
cluster, an application VM on it) and ``placement.db_rule`` (a DB VM not pinned by an enabled,
mandatory VM→host "must run on" rule onto licensed hosts only, or running elsewhere)."""

from __future__ import annotations

from kyodo.verify.context import Context
from kyodo.verify.findings import Evidence, Finding, make
from kyodo.verify.rules.common import VSPHERE, vs_evidence
from kyodo.vsphere.snapshot import DrsGroup, DrsRule

DEVICE = VSPHERE


def check(ctx: Context) -> list[Finding]:
    vs = ctx.snapshot.vsphere
    if vs is None:
        return []
    model = ctx.intents.model
    role = {v.name: (v.role, m.code) for m in model.municipalities for v in m.vms}
    licensed = set(model.licensed_db_hosts)
    host_cluster = {h: c.name for c in vs.clusters for h in c.hosts}
    findings: list[Finding] = []
    groups: dict[tuple[str, str], DrsGroup] = {}
    rules: list[tuple[str, DrsRule]] = []
    for d in vs.drs:
        for g in d.groups:
            groups[(d.cluster, g.name)] = g
        rules.extend((d.cluster, r) for r in d.rules)

    rules_of: dict[str, list[tuple[str, DrsRule]]] = {}
    for cluster, rule in rules:
        vg = groups.get((cluster, rule.vm_group))
        for member in vg.members if vg is not None else ():
            rules_of.setdefault(member, []).append((cluster, rule))

    def pinned(vm: str) -> tuple[bool, str, tuple[Evidence, ...]]:
        why = "no VM→host rule covers it"
        ev: tuple[Evidence, ...] = ()
        for cluster, r in rules_of.get(vm, ()):
            hg = groups.get((cluster, r.host_group))
            if not r.mandatory:
                why, ev = f"rule {r.name} is not mandatory (should, not must)", vs_evidence(ctx, r.name, "mandatory")
                continue
            if not r.enabled or not r.affine:
                why = f"rule {r.name} is {'disabled' if not r.enabled else 'anti-affine'}"
                ev = vs_evidence(ctx, r.name, "enabled", "affine")
                continue
            if hg is None or not hg.members:
                why, ev = f"rule {r.name} names no host group members", vs_evidence(ctx, r.name, "host_group")
                continue
            unlicensed = sorted(set(hg.members) - licensed)
            if unlicensed:
                why = f"rule {r.name} allows unlicensed host(s) {', '.join(unlicensed)}"
                ev = vs_evidence(ctx, r.name, "host_group") + vs_evidence(ctx, hg.name, "members")
                continue
            return True, "", ()
        return False, why, ev or vs_evidence(ctx, vm)

    for vm in vs.vms:
        if vm.name not in role:
            continue
        r, code = role[vm.name]
        cluster = host_cluster.get(vm.host or "") or vm.cluster  # where it runs, when the host is known
        def where(name: str = vm.name) -> tuple[Evidence, ...]:
            return vs_evidence(ctx, name, "cluster", "host")

        if r == "db" and cluster != model.db_cluster:
            findings.append(make("placement.db_cluster", "high", [code], [DEVICE],
                                 f"DB VM {vm.name} runs on cluster {cluster}, not {model.db_cluster}", where()))
        elif r != "db" and cluster == model.db_cluster:
            findings.append(make("placement.db_cluster", "high", [code], [DEVICE],
                                 f"application VM {vm.name} ({r}) runs on the DB cluster {cluster}", where()))
        if r != "db":
            continue
        ok, why, ev = pinned(vm.name)
        if not ok:
            findings.append(make("placement.db_rule", "high", [code], [DEVICE],
                                 f"DB VM {vm.name} is not pinned to licensed hosts: {why}", ev))
        elif vm.host and vm.host not in licensed:
            findings.append(make("placement.db_rule", "high", [code], [DEVICE],
                                 f"DB VM {vm.name} runs on unlicensed host {vm.host}", where()))
    return findings
