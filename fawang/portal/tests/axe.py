"""Automated accessibility checks (L1, L11): axe-core from npm, injected by Playwright into the page under test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 AA violations on the current page, with the offending selectors."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci` (make test does).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                " ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                for n in v["nodes"]
            ][:5],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def axe_failures_at_both_text_sizes(page: Any) -> dict[str, list[dict[str, Any]]]:
    """axe violations and horizontal scrolling of the current page at normal and large text (L1, L5), by mode."""
    failures: dict[str, list[dict[str, Any]]] = {}
    for mode in ("0", "1"):
        page.evaluate(f"document.documentElement.setAttribute('data-large-text', '{mode}')")
        found = axe_violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.append({"id": "horizontal-scroll", "impact": "serious", "help": f"{overflow}px too wide"})
        if found:
            failures[f"large={mode}"] = found
    return failures
