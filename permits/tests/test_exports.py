import pytest
from openpyxl import load_workbook

from permits import selectors
from permits.exports import columns, write_xlsx
from permits.tests import factories as f


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
    assert values[1][0] == app.application_no
    assert values[1][2] == "暂存"
    assert values[1][4] == "胰岛素、胰岛素"
    assert values[1][5] == "北京市药品监督管理局"
