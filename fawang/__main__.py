"""The `fawang` console command: Django's manage.py with the project's settings."""

import gc
import os
import sys
from typing import Protocol


class _Setup(Protocol):
    def __call__(self, set_prefix: bool = True) -> None: ...


def _collecting_after(setup: _Setup) -> _Setup:
    """django.setup, then freeze what start-up built and turn the cyclic garbage collector back on.

    Start-up builds some 135,000 objects (modules, some 150 model classes and their fields) that live until the
    process ends, and little garbage; with the collector on, its passes keep re-walking them: about a third of the
    CPU of `fawang indicators --help` (issue 7 §8; docs/scale.md). main() turns it off before the first import. Frozen objects are never
    walked again (what gc.freeze is for); the command itself runs with collection as usual, and a later
    django.setup() call (Django's parallel test workers) is Django's own again.
    """

    def setup_then_collect(set_prefix: bool = True) -> None:
        import django

        django.setup = setup
        try:
            setup(set_prefix)
        finally:
            gc.freeze()
            gc.enable()

    return setup_then_collect


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fawang.config.settings.dev")
    # Off until django.setup has run: every command runs it first (when the settings cannot even be imported,
    # Django skips it and the process only reports that error).
    gc.disable()
    import django

    django.setup = _collecting_after(django.setup)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
