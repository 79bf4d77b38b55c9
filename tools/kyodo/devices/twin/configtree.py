"""The running configuration of a twin as a tree, changed one CLI command at a time.

Semantics follow the IOS family's documented behaviour (shared, in the parts modelled here,
by NEC IX and, for ``tunnel select`` blocks, Yamaha RTX): a command is tried in the current
sub-mode; when that mode does not know it, in its parent and so on up to global
configuration, and the session's mode moves there (Cisco "IOS Configuration Fundamentals:
Using the Cisco IOS Command-Line Interface"). ``no X`` removes ``X`` (or every line that
starts with ``X``); a single-valued line (``description``, ``ip address`` …) replaces its
previous value. This is a simulation: it knows only the command shapes of its rules file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kyodo.devices.twin.rules import Section, VendorRules


@dataclass(slots=True)
class Node:
    line: str
    section: Section | None = None
    children: list[Node] = field(default_factory=list)

    def copy(self) -> Node:
        return Node(self.line, self.section, [c.copy() for c in self.children])


class CommandInvalid(ValueError):
    """The command is not accepted in the current mode nor in any parent mode."""


class ConfigTree:
    def __init__(self, rules: VendorRules, root: Node | None = None) -> None:
        self.rules = rules
        self.root = root or Node("")

    def copy(self) -> ConfigTree:
        return ConfigTree(self.rules, self.root.copy())

    # --- grammar -----------------------------------------------------------------------

    def _grammar(self, node: Node) -> tuple[tuple[object, ...], tuple[Section, ...]]:
        if node is self.root:
            return tuple(self.rules.top), self.rules.sections
        assert node.section is not None
        return tuple(node.section.children), node.section.sections

    def _opener(self, node: Node, cmd: str) -> Section | None:
        _, sections = self._grammar(node)
        for s in sections:
            if s.match.fullmatch(cmd):
                return s
        return None

    def _child_ok(self, node: Node, cmd: str) -> bool:
        children, _ = self._grammar(node)
        return any(p.fullmatch(cmd) for p in children)  # type: ignore[attr-defined]

    # --- changes -----------------------------------------------------------------------

    def _banner(self, cmd: str) -> str | None:
        """IOS banner semantics for a typed command: the first character after the keyword
        delimits the text (so a typed "^C" makes "^" the delimiter); the banner is stored and
        shown as ``<keyword> ^C<text>^C``. ``None`` when no closing delimiter follows."""
        assert self.rules.banner is not None
        m = self.rules.banner.match(cmd)
        assert m is not None
        rest = cmd[m.end():]
        if len(rest) < 2 or rest[0] not in rest[1:]:
            return None
        text = rest[1:rest.index(rest[0], 1)]
        shown = self.rules.banner_shown_delimiter
        return f"{cmd[:m.end()]}{shown}{text}{shown}"

    def apply(self, context: list[Node], command: str, *, typed: bool = True) -> list[Node]:
        """Apply one configuration command in ``context`` (root first); return the new context.

        ``typed`` is False when loading configuration text as the device shows it."""
        cmd = command.strip()
        if self.rules.banner is not None and self.rules.banner.match(cmd):
            banner = self._banner(cmd) if typed else cmd
            if banner is None:
                raise CommandInvalid(cmd)
            self._add_line(context[0], banner)
            return context[:1]
        negate = self.rules.negate
        for pattern, template in self.rules.removes:
            m = pattern.fullmatch(cmd)
            if m:
                cmd = negate + template.format(*m.groups())
                break
        is_negation = cmd.startswith(negate) and not self.rules.matches(self.rules.stored_negations, cmd)
        for depth in range(len(context) - 1, -1, -1):
            node = context[depth]
            if is_negation:
                target = cmd[len(negate):].strip()
                if self._remove(node, target):
                    return self._stay(context, depth)
                continue
            opener = self._opener(node, cmd)
            if opener is not None:
                child = next((c for c in node.children if c.line == cmd), None)
                if child is None:
                    child = Node(cmd, opener)
                    node.children.append(child)
                return [*context[: depth + 1], child]
            if self._child_ok(node, cmd):
                self._add_line(node, cmd)
                return self._stay(context, depth)
        if is_negation:
            # IOS accepts the removal of something absent silently, when the shape is known
            target = cmd[len(negate):].strip()
            for depth in range(len(context) - 1, -1, -1):
                node = context[depth]
                if self._opener(node, target) is not None or self._known_prefix(node, target):
                    return self._stay(context, depth)
        raise CommandInvalid(cmd)

    def _stay(self, context: list[Node], depth: int) -> list[Node]:
        return context if self.rules.sticky_context else context[: depth + 1]

    def _add_line(self, node: Node, cmd: str) -> None:
        negate = self.rules.negate
        drop = {negate + cmd}
        if cmd.startswith(negate):
            drop.add(cmd[len(negate):])
            # a stored negation ("no ip address") replaces every line it negates
            drop.update(c.line for c in node.children if c.line.startswith(cmd[len(negate):] + " "))
        else:
            # a value replaces a stored negation of it ("ip address A M" replaces "no ip address")
            drop.update(c.line for c in node.children
                        if c.line.startswith(negate) and cmd.startswith(c.line[len(negate):] + " "))
        for pattern in self.rules.unique:
            m = pattern.match(cmd)
            if m:
                key = m.group(0)
                drop.update(c.line for c in node.children if c.line != cmd and pattern.match(c.line)
                            and pattern.match(c.line).group(0) == key)  # type: ignore[union-attr]
        node.children = [c for c in node.children if c.line not in drop or c.line == cmd]
        if not any(c.line == cmd for c in node.children):
            node.children.append(Node(cmd))

    def _remove(self, node: Node, target: str) -> bool:
        kept = [c for c in node.children if not (c.line == target or c.line.startswith(target + " "))]
        removed = len(kept) != len(node.children)
        node.children = kept
        for child in node.children:
            # lines shown nested in a display-only block belong to this level (Yamaha "ipsec tunnel N")
            if child.section is not None and not child.section.prompt:
                removed = self._remove(child, target) or removed
        return removed

    def _known_prefix(self, node: Node, target: str) -> bool:
        """Whether ``target`` starts a command shape known at ``node`` ("no ipsec ike version 1")."""
        children, sections = self._grammar(node)
        words = target.split()
        head = " ".join(words[:2])
        shapes = [getattr(p, "pattern", "") for p in children] + [s.match.pattern for s in sections]
        for s in sections:
            if not s.prompt:
                shapes += [p.pattern for p in s.children]
        return any(shape.startswith(head) for shape in shapes) or self._child_ok(node, target)

    # --- text --------------------------------------------------------------------------

    def render(self) -> str:
        out: list[str] = []
        sep = self.rules.separator
        for node in self.root.children:
            if sep and node.children and out and out[-1] != sep:
                out.append(sep)
            self._render(node, 0, out)
            if sep and node.children:
                out.append(sep)
        return "\n".join(out) + ("\n" if out else "")

    def _render(self, node: Node, depth: int, out: list[str]) -> None:
        if self.rules.hide_empty_sections and node.section is not None and not node.children:
            return
        out.append(self.rules.indent * depth + node.line)
        for child in node.children:
            self._render(child, depth + 1, out)
        if node.section is not None and node.section.footer:
            # IOS prints "exit-address-family" at the indentation of its "address-family"
            out.append(self.rules.indent * depth + node.section.footer)

    @classmethod
    def parse(cls, rules: VendorRules, text: str) -> ConfigTree:
        """Build a tree from configuration text (indentation gives the mode of each line).

        Separator, header and footer lines are skipped; a line the rules do not accept
        raises ``CommandInvalid`` naming it (a twin starts only from configs it understands).
        """
        tree = cls(rules)
        footers = _footers(rules.sections)
        context: list[Node] = [tree.root]
        width = len(rules.indent) or 1
        for raw in text.splitlines():
            line = raw.rstrip()
            stripped = line.strip()
            if not stripped or (rules.separator and stripped.startswith(rules.separator)) or stripped in footers:
                continue
            if stripped == rules.running_footer or stripped.startswith(("#", "Building configuration",
                                                                         "Current configuration")):
                continue
            if rules.matches(rules.leave_to_root, stripped):
                context = [tree.root]
                continue
            depth = (len(line) - len(line.lstrip())) // width
            context = context[: min(depth + 1, len(context))]
            try:
                context = tree.apply(context, stripped, typed=False)
            except CommandInvalid as exc:
                raise CommandInvalid(f"line not understood by the {rules.vendor} twin: {raw!r}") from exc
        return tree


def _footers(sections: tuple[Section, ...]) -> set[str]:
    found: set[str] = set()
    for s in sections:
        if s.footer:
            found.add(s.footer)
        found |= _footers(s.sections)
    return found
