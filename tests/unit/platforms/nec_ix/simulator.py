"""A small apply-simulator of the IX CLI over a line tree (for diff tests).

Written from the IX configuration guides independently of ``kyodo.platforms.nec_ix.diff``:
``interface X`` / ``ikev2 default-profile`` enter a block until ``exit``; ``no HEADER``
deletes a block; ``ip access-list`` entries append to their list in order; a command replaces
the setting it names (``SETTING_WORDS``) or adds a line; ``no LINE`` removes exactly that line
(or the one line starting with its key words; else the simulator fails, like the router
answering ``% Invalid``); ``shutdown`` and ``no shutdown`` replace each other.
"""

from __future__ import annotations

TOP_SETTINGS: dict[tuple[str, ...], int] = {("hostname",): 1, ("timezone",): 1}
SUB_SETTINGS: dict[tuple[str, ...], int] = {
    ("ip", "address"): 2, ("description",): 1, ("tunnel", "mode"): 2, ("ikev2", "peer"): 2,
    ("ikev2", "outgoing-interface"): 2, ("encapsulation", "dot1q"): 2, ("child-pfs",): 1,
    ("ip", "tcp", "adjust-mss"): 3, ("ipsec", "policy", "tunnel"): 3,
}

Tree = dict[str, list[str]]        # "" = top level; "acl NAME" = list entries; header → body


def _setting(line: str, table: dict[tuple[str, ...], int]) -> tuple[str, ...]:
    w = tuple(line.split())
    if w in (("shutdown",), ("no", "shutdown")):
        return ("shutdown",)
    if w == ("no", "ip", "address"):
        return ("ip", "address")
    if w[:4] == ("ikev2", "authentication", "psk", "id"):
        return w[:6]
    for prefix, n in table.items():
        if w[:len(prefix)] == prefix:
            return w[:n]
    return w


def load(text: str) -> Tree:
    cmds: list[str] = []
    in_block = False
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("!"):
            if raw.startswith("!") and in_block:
                cmds.append("exit")
                in_block = False
            continue
        if raw[:1] != " " and in_block:
            cmds.append("exit")
            in_block = False
        cmds.append(raw.strip())
        if raw.startswith(("interface ", "ikev2 default-profile", "ikev2 profile ")):
            in_block = True
    return apply({"": []}, cmds)


def apply(tree: Tree, commands: list[str] | tuple[str, ...]) -> Tree:
    out = {k: list(v) for k, v in tree.items()}
    block = ""
    for raw in commands:
        cmd = " ".join(raw.split())
        w = cmd.split()
        if cmd == "exit":
            block = ""
            continue
        if not block and (w[0] == "interface" or w[:2] in (["ikev2", "default-profile"], ["ikev2", "profile"])):
            block = cmd
            out.setdefault(block, [])
            continue
        if not block and w[0] == "no" and cmd[3:] in out:
            del out[cmd[3:]]          # no interface X, no ikev2 default-profile
            continue
        if not block and w[:2] == ["ip", "access-list"]:
            out.setdefault(f"acl {w[2]}", []).append(cmd)
            continue
        if not block and w[:3] == ["no", "ip", "access-list"]:
            entries = out.get(f"acl {w[3]}", [])
            assert cmd[3:] in entries, f"'{cmd}': no such entry"
            entries.remove(cmd[3:])
            continue
        lines = out[block]
        if w[0] == "no" and cmd not in ("no shutdown", "no ip address"):
            hits = [x for x in lines if x == cmd[3:]] or [x for x in lines if x.split()[:len(w) - 1] == w[1:]]
            assert len(hits) == 1, f"'{cmd}' in '{block}': matches {hits}"
            lines.remove(hits[0])
            continue
        key = _setting(cmd, SUB_SETTINGS if block else TOP_SETTINGS)
        table = SUB_SETTINGS if block else TOP_SETTINGS
        same = [i for i, x in enumerate(lines) if _setting(x, table) == key]
        if same:
            lines[same[0]] = cmd
        else:
            lines.append(cmd)
    return out


def text(tree: Tree) -> str:
    lines = list(tree.get("", []))
    for name, entries in tree.items():
        if name.startswith("acl "):
            lines += entries
    for header, body in tree.items():
        if header and not header.startswith("acl "):
            lines += [header, *("  " + x for x in body), "!"]
    return "\n".join(lines) + "\n"


def same_tree(a: Tree, b: Tree) -> bool:
    def norm(t: Tree) -> dict[str, list[str]]:
        return {k: (v if k.startswith("acl ") else sorted(v)) for k, v in t.items() if v or not k.startswith("acl ")}
    return norm(a) == norm(b)
