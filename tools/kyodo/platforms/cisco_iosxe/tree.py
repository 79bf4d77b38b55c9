"""IOS configuration text → a tree of lines (by indentation), each with its 1-based line number.

Tolerant by design: tabs count as one blank, odd indentation attaches to the nearest
shallower line, banners (``banner motd ^C … ^C``, any delimiter) become one node whose
body lines are kept apart, so no banner text is mistaken for a command.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Node:
    text: str  # the line without indentation and trailing blanks
    line: int
    indent: int
    children: list[Node] = field(default_factory=list)
    body: list[int] = field(default_factory=list)  # line numbers of a banner's body
    unterminated: bool = False  # a banner whose closing delimiter never comes

    @property
    def words(self) -> list[str]:
        return self.text.split()

    def all_lines(self) -> list[tuple[int, str]]:
        """This node and every descendant as (line, text), in file order."""
        out = [(self.line, self.text)]
        for c in self.children:
            out.extend(c.all_lines())
        return out


def _banner_delimiter(rest: str) -> str | None:
    rest = rest.lstrip()
    if not rest:
        return None
    return "^C" if rest.startswith("^C") else rest[0]


def build(text: str) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []
    lines = text.splitlines()
    n = 0
    while n < len(lines):
        raw = lines[n].replace("\t", " ").rstrip()
        n += 1
        stripped = raw.lstrip()
        if not stripped:
            continue
        indent = len(raw) - len(stripped)
        node = Node(text=stripped, line=n, indent=indent)
        words = stripped.split()
        if words[0] == "banner" and len(words) >= 2:
            # "banner motd ^Ctext^C", "banner login #\n...\n#"
            rest = stripped.split(None, 2)[2] if len(words) >= 3 else ""
            delim = _banner_delimiter(rest)
            if delim is not None:
                after = rest.lstrip()[len(delim) :]
                if delim not in after:
                    end = next((k for k in range(n, len(lines)) if delim in lines[k]), None)
                    if end is None:
                        node.unterminated = True  # never swallow the rest of the file
                    else:
                        node.body.extend(range(n + 1, end + 2))
                        n = end + 1
        while stack and stack[-1].indent >= indent:
            stack.pop()
        if stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)
    return roots
