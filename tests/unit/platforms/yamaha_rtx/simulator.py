"""A small apply-simulator of the RTX CLI over a line tree (for diff tests).

Written from the command reference independently of ``kyodo.platforms.yamaha_rtx.diff``:
``tunnel select N`` / ``pp select N`` scope the following commands until ``… select none``;
a command replaces the setting it names (the leading words of ``SETTING_WORDS``); ``no WORDS``
removes exactly one setting whose line starts with those words (else the simulator fails,
like the router answering an error); ``tunnel disable N`` undoes ``tunnel enable N``.
"""

from __future__ import annotations

SETTING_WORDS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("ip", "filter", "dynamic"), 4),
    (("ip", "filter"), 3),
    (("ip", "route"), 3),
    (("ipsec", "sa", "policy"), 4),
    (("ipsec", "ike", "local", "address"), 5),
    (("ipsec", "ike", "remote", "address"), 5),
    (("ipsec", "ike", "keepalive", "use"), 5),
    (("ipsec", "ike"), 4),
    (("ipsec", "tunnel"), 2),
    (("ipsec", "auto", "refresh"), 3),
    (("tunnel", "encapsulation"), 2),
    (("tunnel", "enable"), 3),
    (("console", "prompt"), 2),
    (("description",), 2),
    (("vlan",), 2),
)


def setting(line: str) -> tuple[str, ...]:
    w = tuple(line.split())
    if w[0] == "ip" and len(w) > 3 and w[2:4] == ("secure", "filter"):
        return w[:5]
    if w[0] == "ip" and len(w) > 2 and w[2] == "address":
        return w[:3]
    if w[:4] == ("ip", "tunnel", "tcp", "mss"):
        return w[:5]
    for prefix, n in SETTING_WORDS:
        if w[:len(prefix)] == prefix:
            return w[:n]
    raise AssertionError(f"simulator does not know the command {line!r}")


def load(text: str) -> dict[str, list[str]]:
    return apply({"": []}, [raw for raw in text.splitlines() if raw.strip() and not raw.startswith("#")])


def apply(tree: dict[str, list[str]], commands: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
    out = {k: list(v) for k, v in tree.items()}
    ctx = ""
    for raw in commands:
        cmd = " ".join(raw.split())
        w = cmd.split()
        if w[0] in ("tunnel", "pp") and w[1] == "select":
            ctx = "" if w[2] == "none" else cmd
            out.setdefault(ctx, [])
            continue
        lines = out[ctx]
        if w[0] == "no" or w[:2] == ["tunnel", "disable"]:
            target = w[1:] if w[0] == "no" else ["tunnel", "enable", *w[2:]]
            hits = [x for x in lines if x.split()[:len(target)] == target]
            assert len(hits) == 1, f"'{cmd}' in '{ctx}' matches {hits}"
            lines.remove(hits[0])
            continue
        key = setting(cmd)
        same = [i for i, x in enumerate(lines) if setting(x) == key]
        if same:
            lines[same[0]] = cmd
        else:
            lines.append(cmd)
    return out


def text(tree: dict[str, list[str]]) -> str:
    lines = list(tree.get("", []))
    for ctx, body in tree.items():
        if ctx and body:
            lines += [ctx, *(" " + x for x in body), ctx.rsplit(" ", 1)[0] + " none"]
    return "\n".join(lines) + "\n"


def same_tree(a: dict[str, list[str]], b: dict[str, list[str]]) -> bool:
    norm = lambda t: {k: sorted(v) for k, v in t.items() if v}  # noqa: E731
    return norm(a) == norm(b)
