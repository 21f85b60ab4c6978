from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.core.errors import DomainError
from fawang.regions.services import region_import, region_rows_from_csv


class Command(BaseCommand):
    help = "从 CSV 导入行政区划（列：code,name,parent_code,level,population,urban_rural）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = region_import(rows=region_rows_from_csv(options["csv_path"]))
        except (DomainError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已导入 {count} 个行政区划。")
