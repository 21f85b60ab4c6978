"""L8 check: Chinese text in templates that is not marked for translation.

Marked text is inside {% translate %}, {% blocktranslate %}…{% endblocktranslate %} or _("…") in a tag argument;
comments are ignored. Run `python -m fawang.core.i18n_lint fawang/portal …` to list what is left in some apps; the
test suite runs it over the apps listed as translated.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MARKED = [
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{%\s*trans(?:late)?\s+(\"[^\"]*\"|'[^']*').*?%\}", re.S),
    re.compile(r"_\((\"[^\"]*\"|'[^']*')\)"),
]


def untranslated(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of each line that still shows unmarked Chinese."""
    blanked = text
    for pattern in _MARKED:
        blanked = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), blanked)
    for number, (line, original) in enumerate(
        zip(blanked.splitlines(), text.splitlines(), strict=True), start=1
    ):
        if CJK.search(line):
            yield number, original.strip()


def template_problems(roots: list[Path]) -> list[str]:
    problems = []
    for root in roots:
        for path in sorted(root.rglob("templates/**/*.html")):
            for number, line in untranslated(path.read_text(encoding="utf-8")):
                problems.append(f"{path}:{number}: {line[:120]}")
    return problems


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    found = template_problems([Path(arg) for arg in sys.argv[1:]])
    print("\n".join(found) or "no unmarked Chinese text")
    sys.exit(1 if found else 0)
