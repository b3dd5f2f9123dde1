import pytest
from openpyxl import load_workbook

from permits import selectors
from permits.exports import columns, write_xlsx
from testing import factories as f


@pytest.mark.django_db
def test_excel_has_the_table_columns_and_filtered_rows(applicant_a, applicant_b):
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    f.add_goods(applicant_a, app)
    f.make_application(applicant_a, direction="export")
    f.make_application(applicant_b)
    qs = selectors.application_query(applicant_a, filters={"direction": "import"})
    sheet = load_workbook(write_xlsx(qs)).active
    values = list(sheet.values)
    assert list(values[0]) == columns()
    assert len(values) == 2
    row = dict(zip(values[0], values[1], strict=True))
    assert row["申请单号"] == app.application_no
    assert row["状态"] == "暂存" and row["进出口"] == "进口"
    assert row["药物名称"] == "胰岛素、胰岛素"
    assert row["审批部门"] == "北京市药品监督管理局"


def test_excel_columns_come_from_the_field_table():
    """A field flagged for Excel in permits.fields is a column, under its label."""
    from permits.fields import EXCEL, GOODS, header_fields

    titles = columns()
    for field in header_fields(where=EXCEL) + [g for g in GOODS if EXCEL in g.shown]:
        assert field.list_label() in titles
