"""Cultural-sensitivity and compliance flags, the human review queue, and decisions.

Rule packs are data (`rules/*.yaml`, validated by `schemas/rules.schema.json`); `compile`
turns the packs that apply to a market into one scanner (one Aho-Corasick automaton per
language for every term-like rule), `checker` runs it over records, `decisions` keeps what
reviewers decided (SQLite, keyed by content hash), `export` and `apply` move the queue to
people and back. Import the submodules you need; this package imports nothing heavy.
"""
