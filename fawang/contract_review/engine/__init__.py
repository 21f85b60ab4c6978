"""The contract review engine (合同审查, J10). No Django here: an import-linter contract keeps it so (STYLE §6, §11).

`review.review` takes the contract text, a contract type (or none: `review.detect_types` suggests one) and the
contract's date, and returns a `model.Report`: one finding per rule of the dated tables in force on that date, each
with its status, a plain-Chinese explanation, the statute citation and, where there is one, the matched span.
"""
