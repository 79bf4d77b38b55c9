"""The rule catalogue: one module per rule family, each a ``check(ctx) -> list[Finding]``."""
