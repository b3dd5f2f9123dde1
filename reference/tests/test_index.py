import pytest
from django.db.models import F

from reference import index
from reference import models as m
from reference.selectors import lookup


def codes(kind, q, limit=20):
    return [item["code"] for item in lookup(kind, q, limit)]


def names(kind, q, limit=20):
    return [item["name"] for item in lookup(kind, q, limit)]


@pytest.mark.usefixtures("seeded")
class TestMatching:
    def test_pinyin_initials(self):
        assert names("departments", "bj")[0] == "北京市药品监督管理局"
        assert names("import-ports", "bj")[0] == "北京"
        assert names("export-ports", "bj")[0] == "北京市"
        assert names("import-ports", "BJ ")[0] == "北京"  # case-blind, trimmed
        assert names("import-ports", "ＢＪ")[0] == "北京"  # full-width input
        assert names("countries", "刚果(金)") == ["刚果（金）"]  # either width of brackets

    def test_full_pinyin_prefix_and_contains(self):
        assert names("departments", "beijing")[0] == "北京市药品监督管理局"
        assert names("import-ports", "beijing") == ["北京"]
        assert "北京海关" in names("customs-districts", "jing")  # contains
        assert names("export-ports", "xian")[0] == "西安市"  # whole name before 襄阳 'xiang…'
        assert names("export-ports", "xi'an")[0] == "西安市"

    def test_hanzi_anywhere_in_the_name(self):
        assert names("import-ports", "上海") == ["上海"]
        assert names("departments", "上海") == ["上海市药品监督管理局"]
        assert "江阴港" in names("import-ports", "港")
        assert names("departments", "药品监督")[:2] == [
            "北京市药品监督管理局",
            "天津市药品监督管理局",
        ]

    def test_code_prefix(self):
        assert codes("departments", "11") == ["110000"]
        assert codes("hs-codes", "2937")[:2] == ["2937110000", "2937121000"]
        assert codes("hs-codes", "29371") == ["2937110000", "2937121000", "2937190000"]

    def test_english_case_blind(self):
        assert names("export-ports", "shanghai")[0] == "上海市"
        assert names("departments", "SHANGHAI")[0] == "上海市药品监督管理局"
        assert names("countries", "germany") == ["德国"]
        assert names("drugs", "Erythropoietin") == ["促红素"]
        assert "美国" in names("countries", "united states")

    def test_empty_query_lists_the_table_in_order(self):
        assert codes("departments", "")[:3] == ["110000", "120000", "130000"]
        assert len(lookup("departments", "", 500)) == 31
        assert len(lookup("countries", None, 500)) == 249

    def test_misses_and_odd_input(self):
        assert lookup("countries", "zzzzqqq") == []
        # control characters are dropped: blank after cleaning
        assert codes("export-ports", "\x00\x1f") == codes("export-ports", "")
        assert lookup("units", "x" * 5000) == []

    def test_only_active_rows(self):
        m.ImportPort.objects.filter(code="IP01").update(active=False)
        index.mark_stale()
        assert "北京" not in names("import-ports", "bj")
        assert "北京" not in names("import-ports", "", 100)


@pytest.mark.django_db
def test_ranking_exact_code_before_prefix_before_names():
    m.Unit.objects.create(code="P10", name="甲", sort_order=0)
    m.Unit.objects.create(code="P1", name="乙", sort_order=9)
    m.Unit.objects.create(code="X9", name="P1名", sort_order=0)
    # exact code P1 beats prefix P10 despite sort_order; a name hit comes after codes
    assert codes("units", "p1") == ["P1", "P10", "X9"]


@pytest.mark.django_db
def test_ranking_exact_name_before_prefix_before_contains():
    m.Unit.objects.create(code="03", name="毫克每升")
    m.Unit.objects.create(code="02", name="克每升")
    m.Unit.objects.create(code="01", name="微克")
    m.Unit.objects.create(code="04", name="克")
    assert names("units", "克") == ["克", "克每升", "微克", "毫克每升"]


@pytest.mark.django_db
def test_limit_is_capped(monkeypatch):
    for i in range(30):
        m.Unit.objects.create(code=f"U{i:02d}", name=f"单位{i}")
    assert len(lookup("units", "", 10)) == 10
    assert len(lookup("units", "dw", 0)) == 1
    monkeypatch.setattr(index, "MAX_LIMIT", 25)
    assert len(lookup("units", "", 1000)) == 25


@pytest.mark.django_db
def test_unknown_kind():
    with pytest.raises(index.UnknownKind):
        lookup("planets", "x")


@pytest.mark.usefixtures("seeded")
def test_lookups_cost_no_queries_once_built(django_assert_num_queries, clock):
    lookup("countries", "")
    with django_assert_num_queries(0):
        for q in ("", "zg", "中", "china", "CHN", "zzz"):
            for kind in ("countries", "export-ports", "hs-codes", "import-ports"):
                lookup(kind, q)
        clock.advance(1.9)
        lookup("units", "")
    clock.advance(0.2)
    with django_assert_num_queries(1):  # the version check, no rebuild
        lookup("units", "")


@pytest.mark.usefixtures("seeded")
def test_orm_and_admin_style_edits_show_at_once_in_this_process(clock):
    assert names("import-ports", "bj") == ["北京"]
    port = m.ImportPort.objects.get(code="IP01")
    port.name = "北京首都"
    port.save()  # post_save marks the index stale
    assert names("import-ports", "bj") == ["北京首都"]
    assert names("import-ports", "shoudu") == ["北京首都"]
    port.delete()
    assert names("import-ports", "bj") == []


@pytest.mark.usefixtures("seeded")
def test_changes_from_another_process_show_after_the_refresh_interval(clock):
    assert names("import-ports", "上海") == ["上海"]
    # Another process: writes rows (no signal here) and bumps the marker.
    m.ImportPort.objects.filter(code="IP03").update(name="上海浦东")
    m.ReferenceVersion.objects.filter(pk=1).update(version=F("version") + 1)
    clock.advance(1.0)
    assert names("import-ports", "上海") == ["上海"]  # within the interval: not checked yet
    clock.advance(1.5)
    assert names("import-ports", "上海") == ["上海浦东"]


@pytest.mark.usefixtures("seeded")
def test_seed_refresh_invalidates(clock):
    m.Department.objects.filter(code="110000").update(name="改名")  # no signal, no bump
    index.reset()
    assert names("departments", "110000") == ["改名"]
    from django.core.management import call_command

    call_command("seed_reference", verbosity=0)  # restores the file's name and bumps
    assert names("departments", "110000") == ["北京市药品监督管理局"]
