"""Tables shown on dashboards and exported to Excel from the same rows (every table is exportable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | float | None
XLSX = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # the content type of table_to_xlsx
)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    links: list[str | None] = field(default_factory=list)  # per row, for the first cell


def table_to_xlsx(table: Table, *, subtitle: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101  # a new workbook always has one sheet
    sheet.title = table.title[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    if subtitle:
        sheet.append([subtitle])
    sheet.append(list(table.headers))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_plain(c) for c in row])
    for index, _ in enumerate(table.headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _plain(value: Cell) -> Cell:
    # Cells starting with = + - @ would run as formulas in a spreadsheet (CSV/formula injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
