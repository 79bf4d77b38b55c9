"""Allocation: a pure allocator and the SQLite ledger that runs it under one lock."""
