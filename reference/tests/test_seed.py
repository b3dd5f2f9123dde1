import csv
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reference import models as m
from reference.datafiles import DATA_DIR


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_reference", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_loads_expected_counts():
    seed()
    assert m.Department.objects.count() == 31
    assert m.CustomsDistrict.objects.count() == 42
    assert m.ImportPort.objects.count() == 28
    assert m.Country.objects.count() == 249
    assert m.ExportPort.objects.count() >= 340
    assert m.DosageForm.objects.count() == 12
    assert m.Unit.objects.count() == 10
    assert m.HSCode.objects.filter(code__in=["2937121000", "3004311010"]).count() == 2
    assert m.Drug.objects.filter(category="anabolic_agent").exists()
    assert m.Drug.objects.filter(category="peptide_hormone").exists()


@pytest.mark.django_db
def test_seed_fills_pinyin_and_reference_fields():
    seed()
    bj = m.Department.objects.get(code="110000")
    assert bj.name == "北京市药品监督管理局"
    assert (bj.pinyin[:10], bj.initials[:2]) == ("beijingshi", "bj")
    xj = m.Department.objects.get(code="650000")
    assert xj.name == "新疆维吾尔自治区药品监督管理局"
    assert m.ExportPort.objects.get(name="朝阳市").pinyin == "chaoyangshi"
    assert m.ExportPort.objects.get(name="长治市").pinyin == "changzhishi"
    port = m.ImportPort.objects.select_related("customs_district").get(name="苏州工业园区")
    assert port.customs_district.code == "2300"
    bio = m.ImportPort.objects.filter(biological_allowed=True).values_list("name", flat=True)
    assert set(bio) == {"北京", "上海", "广州"}
    assert m.Drug.objects.get(name="促红素").biological is True
    assert m.Drug.objects.get(name="司坦唑醇").biological is False


@pytest.mark.django_db
def test_hs_codes_other_than_the_confirmed_two_say_they_await_confirmation():
    seed()
    for hs in m.HSCode.objects.all():
        assert len(hs.code) == 10 and hs.code.isdigit()
        if hs.code in {"2937121000", "3004311010"}:
            assert hs.note == ""
        else:
            assert "待确认" in hs.note


@pytest.mark.django_db
def test_countries_come_from_iso_with_chinese_names_and_regions_named_for_china():
    seed()
    names = dict(m.Country.objects.values_list("code", "name"))
    assert names["CHN"] == "中国"
    assert names["USA"] == "美国"
    assert names["KOR"] == "韩国"
    assert (names["TWN"], names["HKG"], names["MAC"]) == ("中国台湾", "中国香港", "中国澳门")
    assert m.Country.objects.get(code="TWN").name_en == "Taiwan, China"
    assert m.Country.objects.get(code="DEU").alpha2 == "DE"


@pytest.mark.django_db
def test_seed_is_idempotent():
    seed()
    before = {
        (type(o).__name__, o.code): (o.updated_at, o.name, o.pinyin)
        for model in (m.Department, m.ImportPort, m.Country, m.ExportPort)
        for o in model.objects.all()
    }
    version = m.ReferenceVersion.objects.get(pk=1).version
    out = seed()
    assert " 0 created, 0 updated" in out
    assert "created" in out and out.count("\n") == 10
    for line in out.splitlines():
        assert ", 0 created, 0 updated, " in line, line
    after = {
        (type(o).__name__, o.code): (o.updated_at, o.name, o.pinyin)
        for model in (m.Department, m.ImportPort, m.Country, m.ExportPort)
        for o in model.objects.all()
    }
    assert after == before
    assert m.ReferenceVersion.objects.get(pk=1).version == version


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def rewrite(path, change):
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.django_db
def test_seed_refreshes_changed_rows_and_prunes_only_when_asked(data_copy):
    seed("--data-dir", str(data_copy))
    version = m.ReferenceVersion.objects.get(pk=1).version

    def change(rows):
        rows[0]["name_en"] = "Beijing MPA"
        return [r for r in rows if r["code"] != "650000"]

    rewrite(data_copy / "departments.csv", change)
    out = seed("--data-dir", str(data_copy))
    assert "departments: 30 rows, 0 created, 1 updated, 29 unchanged, 1 not in file" in out
    assert m.Department.objects.get(code="110000").name_en == "Beijing MPA"
    assert m.Department.objects.get(code="650000").active is True
    assert m.ReferenceVersion.objects.get(pk=1).version != version

    seed("--data-dir", str(data_copy), "--prune")
    assert m.Department.objects.get(code="650000").active is False

    def move_port(rows):
        rows[1]["customs_district"] = "0100"  # 天津 cleared by 北京海关, say
        return rows

    rewrite(data_copy / "import_ports.csv", move_port)
    assert "import_ports: 28 rows, 0 created, 1 updated" in seed("--data-dir", str(data_copy))
    assert m.ImportPort.objects.get(code="IP02").customs_district.code == "0100"


@pytest.mark.django_db
def test_bad_data_files_are_rejected_naming_the_problem(data_copy):
    rewrite(data_copy / "drugs.csv", lambda rows: [*rows, {**rows[0], "category": "x"}])
    with pytest.raises(CommandError, match=r"drugs\.csv:\d+: category"):
        seed("--data-dir", str(data_copy))
    assert not m.Department.objects.exists()  # one transaction: nothing half-loaded

    rewrite(data_copy / "drugs.csv", lambda rows: rows[:-1])

    def bad_district(rows):
        rows[2]["customs_district"] = "9999"
        return rows

    rewrite(data_copy / "import_ports.csv", bad_district)
    with pytest.raises(CommandError, match="unknown customs district 9999"):
        seed("--data-dir", str(data_copy))
