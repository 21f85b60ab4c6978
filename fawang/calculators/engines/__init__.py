"""Pure calculator engines (J10). No Django here: an import-linter contract keeps it so (STYLE §6, §11).

Each engine takes a frozen input dataclass and returns a `Result` whose lines carry their formula in Chinese and
the article they rest on. Money is `Decimal`; every line's amount is rounded to the fen (ROUND_HALF_UP) and later
lines use the rounded amounts shown before them, so a reader can redo the sums by hand (`common.fen`).
"""
