"""导出Excel: the filtered query result, one row per application: the fields of the table shown
in Excel (permits.fields, EXCEL), then the record's direction, status and times."""

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from permits.fields import EXCEL, GOODS, header_fields
from permits.models import Direction
from permits.printing import display_value
from permits.workflow.states import status_label

BATCH = 2000
HEADER_COLUMNS = tuple(header_fields(where=EXCEL))
GOODS_COLUMNS = tuple(f for f in GOODS if EXCEL in f.shown)
WIDTHS = {"application_no": 22, "permit_no": 20, "approval_department": 28, "drug_name": 30}


def _unique(fields):
    return list({f.name: f for f in fields}.values())


def columns() -> list[str]:
    titles = [f.list_label() for f in _unique(HEADER_COLUMNS) + list(GOODS_COLUMNS)]
    return titles + [
        _("进出口"),
        _("状态"),
        _("创建时间"),
        _("申报时间"),
        _("审批时间"),
    ]


def _widths() -> list[int]:
    fields = _unique(HEADER_COLUMNS) + list(GOODS_COLUMNS)
    return [WIDTHS.get(f.name, 16) for f in fields] + [8, 12, 17, 17, 17]


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def _header_value(app, field) -> str:
    value = (
        app.approval_department_id
        if field.name == "approval_department"
        else getattr(app, field.name)
    )
    return display_value(field, value)


def rows(qs):
    """Row values, fetched in batches with the goods (no per-row query)."""
    directions = dict(Direction.choices)
    header = _unique(HEADER_COLUMNS)
    seen = 0
    while True:
        batch = list(qs.prefetch_related("goods")[seen : seen + BATCH])
        if not batch:
            return
        for app in batch:
            goods = list(app.goods.all())
            yield (
                [_header_value(app, f) for f in header]
                + ["、".join(str(getattr(g, f.name)) for g in goods) for f in GOODS_COLUMNS]
                + [
                    str(directions.get(app.direction, app.direction)),
                    status_label(app.status),
                    _when(app.created_at),
                    _when(app.submitted_at),
                    _when(app.decided_at),
                ]
            )
        seen += len(batch)


def write_xlsx(qs):
    """Write the workbook in write-only mode (constant memory) to a temporary file and return
    it, rewound, for streaming."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("查询结果"))
    for i, width in enumerate(_widths()):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    header = []
    for title in columns():
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows(qs):
        ws.append(row)
    handle = tempfile.TemporaryFile()
    wb.save(handle)
    handle.seek(0)
    return handle
