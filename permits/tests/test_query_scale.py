"""What keeps 查询 fast at scale without changing its answers: the drug mirrored on the
application, date filters as ranges of the stored time, the date carried by the number, and
the deferred join of page_of."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from permits import selectors, services
from permits.models import Application
from permits.numbering import created_range
from testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def drug_of(app) -> str:
    return Application.objects.values_list("drug_name", flat=True).get(pk=app.pk)


def test_the_drug_follows_the_goods(applicant_a):
    app = f.make_application(applicant_a)
    assert drug_of(app) == ""
    first = f.add_goods(applicant_a, app, **f.NON_BIOLOGICAL_GOODS)
    second = f.add_goods(applicant_a, app, specification="20ml")
    assert drug_of(app) == "丙酸睾酮"
    services.goods_delete(actor=applicant_a, application_id=app.id, goods_ids=[first.id])
    assert drug_of(app) == "丙酸睾酮"  # the second item carries the same drug
    services.goods_update(
        actor=applicant_a,
        application_id=app.id,
        goods_id=second.id,
        data={**f.NON_BIOLOGICAL_GOODS, "drug_name": "睾酮", "drug_name_en": "Testosterone"},
    )
    assert drug_of(app) == "睾酮"
    copy = services.application_copy(actor=applicant_a, application_id=app.id)
    assert drug_of(copy) == "睾酮"
    services.goods_delete(actor=applicant_a, application_id=app.id, goods_ids=[second.id])
    assert drug_of(app) == ""


def test_drug_filter_matches_parts_of_names_and_ignores_case(applicant_a):
    insulin = f.make_application(applicant_a)
    f.add_goods(applicant_a, insulin, drug_name="门冬胰岛素", drug_name_en="Insulin aspart")
    hcg = f.make_application(applicant_a)
    f.add_goods(applicant_a, hcg, drug_name="绒促性素HCG", drug_name_en="HCG")

    def found(text):
        qs = selectors.application_query(applicant_a, filters={"drug_name": text})
        return {a.pk for a in qs}

    assert found("胰岛素") == {insulin.pk}
    assert found("hcg") == found("HCG") == {hcg.pk}
    assert found("睾酮") == set()


def test_a_dated_number_prefix_is_a_range_of_creation_times():
    tz = timezone.get_current_timezone()
    start, end = created_range("I202602")
    assert start == datetime(2026, 1, 31, tzinfo=tz) and end == datetime(2026, 3, 2, tzinfo=tz)
    assert created_range("E2025") == (
        datetime(2024, 12, 31, tzinfo=tz),
        datetime(2026, 1, 2, tzinfo=tz),
    )
    start, end = created_range("I2026022800000123")
    assert (start, end) == (datetime(2026, 2, 27, tzinfo=tz), datetime(2026, 3, 2, tzinfo=tz))
    assert created_range("I20261") == created_range("I2026")  # a partial month: the year
    for nothing in ("I", "X2026", "I2026139", "2026"):
        assert created_range(nothing) is None


def test_a_number_taken_just_before_midnight_is_still_found(applicant_a):
    app = f.make_application(applicant_a)
    numbered_on = timezone.localdate()
    saved = timezone.make_aware(datetime.combine(numbered_on + timedelta(days=1), time(0, 0, 1)))
    Application.objects.filter(pk=app.pk).update(created_at=saved)
    for prefix in (app.application_no[:9], app.application_no):
        qs = selectors.application_query(applicant_a, filters={"application_no": prefix})
        assert [a.pk for a in qs] == [app.pk]


def test_date_filters_take_whole_local_days(applicant_a):
    day = date(2026, 3, 9)
    edge = {
        "before": datetime.combine(day - timedelta(days=1), time(23, 59, 59)),
        "first": datetime.combine(day, time(0, 0)),
        "last": datetime.combine(day, time(23, 59, 59, 999999)),
        "after": datetime.combine(day + timedelta(days=1), time(0, 0)),
    }
    apps = {}
    for name, moment in edge.items():
        apps[name] = f.make_application(applicant_a)
        Application.objects.filter(pk=apps[name].pk).update(
            created_at=timezone.make_aware(moment), submitted_at=timezone.make_aware(moment)
        )
    for field in ("created", "submitted"):
        qs = selectors.application_query(
            applicant_a, filters={f"{field}_from": day, f"{field}_to": day.isoformat()}
        )
        assert {a.pk for a in qs} == {apps["first"].pk, apps["last"].pk}, field


def test_pages_are_the_same_rows_in_the_same_order(applicant_a):
    apps = [f.make_application(applicant_a) for _ in range(7)]
    now = timezone.now()
    for i, app in enumerate(apps):  # two share a creation time: the id breaks the tie
        Application.objects.filter(pk=app.pk).update(created_at=now - timedelta(hours=i // 2))
    qs = selectors.application_query(applicant_a, filters={})
    expected = list(qs)
    pages = [selectors.page_of(qs, page=n, page_size=3) for n in (1, 2, 3)]
    assert [a.pk for items, _c, _x in pages for a in items] == [a.pk for a in expected]
    assert [count for _i, count, _x in pages] == [7, 7, 7]
