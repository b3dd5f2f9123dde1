"""The approver's pages through the test client: the five queues with their counts, filters,
order and clock, paging and the SQL count; the review page read-only (fields, goods,
attachments, history, notices, clock, what changed after a correction); who gets a 404.
The decisions posted from the page are in test_pages_decisions.py."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from conftest import client_for
from permits import services
from permits.models import Application
from review import services as review
from testing import factories as f
from testing.html import Page, classes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]
HTMX = {"HTTP_HX_REQUEST": "true"}
TZ = ZoneInfo("Asia/Shanghai")


def shown(response) -> list[str]:
    """The application numbers of the queue's table, in order."""
    assert response.status_code == 200, response.status_code
    links = Page(response).all("table.rq-table tbody th a[data-tab]")
    return [a.get_text(strip=True) for a in links]


def counts(response) -> dict[str, str]:
    """Queue title → the count its link shows."""
    page = Page(response)
    return {
        a.select_one(".rq-queue-title").get_text(strip=True): a.select_one(".rq-count")
        .get_text(strip=True)
        .strip("（）")
        for a in page.all("nav.rq-queues a")
    }


@pytest.fixture
def bj(approver_bj):
    return client_for(approver_bj)


@pytest.fixture
def mix(applicant_a, applicant_b, approver_bj):
    """One application of enterprise A in each status an approver sees, a draft (never shown)
    and another province's application (another department's)."""
    apps = {
        s: f.in_status(s, applicant_a, approver_bj)
        for s in ("submitted", "accepted", "correction_required", "not_accepted", "approved")
    }
    apps["export"] = f.submitted(applicant_a, direction="export")
    apps["draft"] = f.draft(applicant_a)
    apps["other"] = f.submitted(applicant_b)
    return apps


def test_each_queue_lists_its_applications_and_every_queue_its_count(bj, mix):
    n = {k: a.application_no for k, a in mix.items()}
    expected = {
        "pending": [n["export"], n["submitted"]],
        "in_review": [n["accepted"]],
        "correcting": [n["correction_required"]],
        "done": [n["approved"], n["not_accepted"]],
    }
    for queue, numbers in expected.items():
        response = bj.get(reverse(f"review:{queue}"))
        assert shown(response) == numbers, queue
    everything = shown(bj.get(reverse("review:all")))
    assert sorted(everything) == sorted(sum(expected.values(), []))
    assert n["draft"] not in everything and n["other"] not in everything
    response = bj.get(reverse("review:pending"))
    assert counts(response) == {
        "待受理": "2",
        "审批中": "1",
        "补正中": "1",
        "已办结": "2",
        "全部": "6",
    }
    page = Page(response)
    assert page.one("h1").get_text(strip=True) == "待受理"
    assert page.one("nav.rq-queues a[aria-current=page]")["href"] == reverse("review:pending")
    assert "北京市药品监督管理局" in page
    assert 'role="tablist"' in response.content.decode()  # the whole workspace


def test_a_row_names_the_applicant_the_drug_the_deadline_and_the_status(bj, mix):
    page = Page(bj.get(reverse("review:pending")))
    row = page.one(f'tr:has(a[data-tab-title="{mix["submitted"].application_no}"])')
    link = row.select_one("th a")
    assert link["href"] == reverse("review:application", args=[mix["submitted"].id])
    cells = [c.get_text(" ", strip=True) for c in row.select("td")]
    assert cells[0] == "北京测试医药有限公司 91110108DP0000001D"
    assert cells[1:3] == ["进口", "胰岛素"]
    assert cells[3] == "2026-11-30 10:00"
    assert cells[4] == "2026-12-21 剩余 15 个工作日"
    assert classes(row.select_one(".rv-clock")) == ["rv-clock", "rv-clock-green"]
    assert row.select_one(".badge").get_text(strip=True) == "已申报"


def test_htmx_gets_the_fragment(bj, mix):
    html = bj.get(reverse("review:in_review"), **HTMX).content.decode()
    assert html.startswith('<div class="page"') and 'role="tablist"' not in html
    assert shown(bj.get(reverse("review:in_review"), **HTMX)) == [mix["accepted"].application_no]


def test_the_filters(bj, mix, applicant_a, approver_bj):
    n = {k: a.application_no for k, a in mix.items()}
    pending = reverse("review:pending")
    cases = [
        ({"enterprise": "北京测试"}, [n["export"], n["submitted"]]),
        ({"enterprise": "91110108"}, [n["export"], n["submitted"]]),
        ({"enterprise": "上海测试"}, []),
        ({"direction": "export"}, [n["export"]]),
        ({"application_no": n["submitted"]}, [n["submitted"]]),
        ({"drug_name": "胰岛"}, [n["export"], n["submitted"]]),
        ({"drug_name": "睾酮"}, []),
        (
            {"submitted_from": "2026-11-30", "submitted_to": "2026-11-30"},
            [n["export"], n["submitted"]],
        ),
        ({"submitted_from": "2026-12-01"}, []),
    ]
    for params, numbers in cases:
        assert shown(bj.get(pending, params)) == numbers, params
    done = reverse("review:done")
    assert shown(bj.get(done, {"status": "approved"})) == [n["approved"]]
    assert shown(bj.get(done, {"permit_no": mix["approved"].permit_no})) == [n["approved"]]
    assert shown(bj.get(done, {"status": "approved", "reset": "1"})) == [
        n["approved"],
        n["not_accepted"],
    ]


def test_the_filter_form_is_querys_without_the_department(bj, mix):
    page = Page(bj.get(reverse("review:done")))
    form = page.one("form[role=search]")
    names = [t["name"] for t in form.select("input, select") if t.get("type") != "hidden"]
    assert "approval_department" not in names
    assert {"application_no", "permit_no", "enterprise", "direction", "status", "drug_name"} <= set(
        names
    )
    assert {"created_from", "created_to", "submitted_from", "submitted_to", "order"} <= set(names)
    assert page.label("rq-done-enterprise") == "企业" and page.label("rq-done-order") == "排序"
    statuses = [o["value"] for o in page.field("rq-done-status").select("option")]
    assert statuses == ["", "not_accepted", "approved", "rejected", "voided"]
    # a queue of one status has no 状态 filter
    assert Page(bj.get(reverse("review:pending"))).field("rq-pending-status") is None


def test_a_bad_filter_is_shown_next_to_its_field_and_runs_no_query(bj, mix):
    response = bj.get(
        reverse("review:pending"), {"created_from": "2026-12-01", "created_to": "2026-11-01"}
    )
    page = Page(response)
    field = page.field("rq-pending-created_to")
    assert field["aria-invalid"] == "true"
    assert "结束日期不能早于开始日期。" in page.by_id(field["aria-describedby"]).get_text()
    assert "查询条件有误" in page and not page.all("table.rq-table")


def test_most_urgent_first_and_the_clock_in_words_and_colour(bj, applicant_a, frozen_time):
    frozen_time.move_to(datetime(2026, 10, 29, 10, tzinfo=TZ))
    overdue = f.submitted(applicant_a)  # due 2026-11-19
    frozen_time.move_to(datetime(2026, 11, 11, 10, tzinfo=TZ))
    soon = f.submitted(applicant_a)  # due 2026-12-02
    frozen_time.move_to(datetime(2026, 11, 30, 10, tzinfo=TZ))
    fresh = f.submitted(applicant_a)
    url = reverse("review:pending")
    order = [fresh.application_no, soon.application_no, overdue.application_no]
    assert shown(bj.get(url)) == order  # newest submission first
    assert shown(bj.get(url, {"order": "due"})) == order[::-1]
    page = Page(bj.get(url, {"order": "due"}))
    rows = page.all("table.rq-table tbody tr")
    words = [r.select_one(".rv-clock").get_text(strip=True) for r in rows]
    assert words == ["已超期 7 个工作日", "2 个工作日内到期", "剩余 15 个工作日"]
    tones = [classes(r.select_one(".rv-clock"))[1] for r in rows]
    assert tones == ["rv-clock-red", "rv-clock-amber", "rv-clock-green"]
    assert [r["data-clock"] for r in rows] == ["overdue", "soon", "ok"]
    assert rows[0].select_one(".rv-clock svg.icon")  # colour is never alone
    # the pager keeps the order
    assert page.one("select[name=order] option[selected]")["value"] == "due"


def test_a_paused_a_decided_and_a_provisional_clock(applicant_a, approver_bj, frozen_time):
    corrected = f.correction_required(applicant_a, approver_bj)
    decided = f.approved(applicant_a, approver_bj)
    frozen_time.move_to(datetime(2026, 12, 18, 10, tzinfo=TZ))  # due in 2027: no rows yet
    late = f.submitted(applicant_a)
    page = Page(client_for(approver_bj).get(reverse("review:all")))  # a session of that day

    def clock_of(app):
        row = page.one(f'tr:has(a[data-tab-title="{app.application_no}"])')
        return row.select_one(".rq-due").get_text(" ", strip=True)

    assert clock_of(corrected).endswith("补正中（暂停）")
    assert clock_of(decided).endswith("已办结")
    assert clock_of(late) == "2027-01-08 剩余 15 个工作日 （日历未更新，暂按周末计算）"


def test_paging_and_the_sql_count_does_not_grow_with_rows(
    bj, applicant_a, django_assert_max_num_queries
):
    for _ in range(2):
        f.submitted(applicant_a)
    url = reverse("review:pending")
    bj.get(url)  # warm the session, the calendar and the reference index
    with django_assert_max_num_queries(20) as few:
        assert len(shown(bj.get(url))) == 2
    for _ in range(20):
        f.submitted(applicant_a)
    # the same, but for the count a full page needs (exact up to the cap: page_of)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert len(shown(bj.get(url))) == 20
    page = Page(bj.get(url))
    assert "共 22 条" in page
    assert page.one("a[rel=next]")["href"] == f"{url}?page=2&page_size=20"
    assert len(shown(bj.get(url, {"page": 2}))) == 2


@pytest.mark.parametrize("who", ["applicant_a", "customs", "approver_sh"])
def test_others_get_404_everywhere(request, who, applicant_a, approver_bj, run_tasks):
    with run_tasks():
        app = f.accepted(applicant_a, approver_bj)
    notice = app.notices.get()
    client = client_for(request.getfixturevalue(who))
    urls = [
        reverse("review:application", args=[app.id]),
        reverse("review:attachment", kwargs={"pk": app.id, "type": "application_form"}),
        reverse("review:notice", kwargs={"pk": app.id, "notice_id": notice.id}),
    ]
    if who != "approver_sh":  # the queues are for approvers (each sees their department's)
        urls.append(reverse("review:pending"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, (who, url)
        assert app.application_no.encode() not in response.content


def test_anonymous_is_sent_to_sign_in(anon, applicant_a):
    app = f.submitted(applicant_a)
    url = reverse("review:application", args=[app.id])
    response = anon.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# ---- the review page ----------------------------------------------------------------------


def test_the_review_page_shows_the_application_read_only(bj, applicant_a):
    app = f.submitted(applicant_a)
    response = bj.get(reverse("review:application", args=[app.id]))
    assert response.status_code == 200
    page = Page(response)
    prefix = f"r{app.id.hex[:8]}"
    assert page.one("h1").get_text(strip=True) == "进口准许证申请"
    assert page.one(".page-head .badge").get_text(strip=True) == "已申报"
    # header fields: labels of the field table for the direction, grey and read-only
    for name, label, value in [
        ("application_no", "申请单号", app.application_no),
        ("applicant_name", "进口单位名称", "北京测试医药有限公司"),
        ("counterparty_name", "出口单位名称", "Pharma Export GmbH"),
        ("counterparty_country", "出口国家/地区", "德国"),
        ("purpose", "用途", "医疗"),
        ("port_1", "进口口岸1", "北京"),
        ("contact_phone", "联系电话", "010-12345678"),
    ]:
        field = page.field(f"{prefix}-{name}")
        assert page.label(f"{prefix}-{name}") == label
        assert (
            field["value"] == value and field.has_attr("readonly") and "readonly" in classes(field)
        )
        assert not field.has_attr("name")  # nothing of the application is posted back
    assert page.field(f"{prefix}-mail_address") is None  # collected on site
    # goods
    goods = page.one(f"#{prefix}-goods table")
    assert [c.get_text(strip=True) for c in goods.select("tbody td")][:4] == [
        "1",
        "2937121000",
        "胰岛素",
        "Insulin",
    ]
    assert not page.all(f"#{prefix}-goods input[type=checkbox]")
    # attachments: each file opens inline in a new tab
    row = page.one("table.rv-att-table tr:has(th:-soup-contains('营业执照'))")
    link = row.select_one("a")
    assert link["href"] == reverse(
        "review:attachment", kwargs={"pk": app.id, "type": "business_licence"}
    )
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert "business_licence.pdf" in row.get_text()
    # history, notices and the clock
    history = [r.get_text(" ", strip=True) for r in page.all(".af-history tbody tr")]
    assert history[-1].endswith("申报 暂存 → 已申报 — —")
    assert "尚未签发通知书。" in page
    clock = page.one(".rv-clock-card").get_text(" ", strip=True)
    for text in ("收件日期 2026-11-30", "0 / 15 个工作日", "2026-12-07", "2026-12-21"):
        assert text in clock
    assert "剩余 15 个工作日" in clock
    # the decisions the status allows, each a disclosure with its form
    actions = [d.select_one("summary").get_text(strip=True) for d in page.all("details.rv-action")]
    assert actions == ["受理", "补正材料", "不予受理"]
    assert not page.all("details.rv-action[open]")


def test_an_export_application_is_labelled_for_export(bj, applicant_a):
    app = f.submitted(applicant_a, direction="export")
    page = Page(bj.get(reverse("review:application", args=[app.id])))
    prefix = f"r{app.id.hex[:8]}"
    assert page.one("h1").get_text(strip=True) == "出口准许证申请"
    assert page.label(f"{prefix}-applicant_name") == "出口单位名称"
    assert page.label(f"{prefix}-counterparty_name") == "进口单位名称"
    assert page.field(f"{prefix}-mail_address")["value"].startswith("北京市海淀区")


def test_the_attachment_opens_inline_and_sandboxed(bj, applicant_a):
    app = f.submitted(applicant_a)
    url = reverse("review:attachment", kwargs={"pk": app.id, "type": "application_form"})
    response = bj.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    missing = reverse("review:attachment", kwargs={"pk": app.id, "type": "import_permit"})
    assert bj.get(missing).status_code == 404


def test_history_links_each_notice_once_made(bj, applicant_a, approver_bj, run_tasks):
    waiting = f.accepted(applicant_a, approver_bj)  # its notice is still being made
    page = Page(bj.get(reverse("review:application", args=[waiting.id])))
    last = page.all(".af-history tbody tr")[-1].select_one("td:last-child")
    assert last.get_text(strip=True) == "生成中" and not last.select("a")
    notice = waiting.notices.get()
    pending = bj.get(reverse("review:notice", kwargs={"pk": waiting.id, "notice_id": notice.id}))
    assert pending.status_code == 409 and "生成中" in Page(pending)
    with run_tasks():
        app = f.accepted(applicant_a, approver_bj)
    notice = app.notices.get()
    page = Page(bj.get(reverse("review:application", args=[app.id])))
    notice_url = reverse("review:notice", kwargs={"pk": app.id, "notice_id": notice.id})
    link = page.all(".af-history tbody tr")[-1].select_one("a")
    assert link["href"] == notice_url and link.get_text(strip=True) == notice.number
    listed = page.one(f'.rv-notices a[href="{notice_url}"][target=_blank]')
    assert listed.get_text(strip=True).startswith("查看")
    response = bj.get(notice_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # a notice of another application is not this one's
    other = reverse("review:notice", kwargs={"pk": waiting.id, "notice_id": notice.id})
    assert bj.get(other).status_code == 404


def test_what_changed_after_a_correction_request(bj, applicant_a, approver_bj):
    app = f.submitted(applicant_a)
    review.application_request_correction(
        actor=approver_bj,
        application_id=app.id,
        opinion="请补正",
        attachments=[{"type": "business_licence", "opinion": "营业执照已过期"}],
        fields=[{"field": "contact_phone", "opinion": "电话无法接通"}],
    )
    url = reverse("review:application", args=[app.id])
    asked = Page(bj.get(url)).one(".notice-warn").get_text(" ", strip=True)
    assert "请补正" in asked and "营业执照 ：营业执照已过期" in asked
    assert "联系电话 ：电话无法接通" in asked
    version = Application.objects.get(pk=app.pk).version
    services.application_update(
        actor=applicant_a,
        application_id=app.id,
        version=version,
        data={"contact_phone": "010-88888888", "counterparty_country": "FRA"},
    )
    services.attachment_delete(actor=applicant_a, application_id=app.id, type="business_licence")
    services.attachment_upload(
        actor=applicant_a,
        application_id=app.id,
        type="business_licence",
        filename="新营业执照.pdf",
        data=f.pdf_bytes(2),
    )
    services.application_submit(actor=applicant_a, application_id=app.id)
    page = Page(bj.get(url))
    section = page.one(".rv-changes")
    assert section.select_one("h2").get_text(strip=True) == "补正后变更"
    rows = {
        r.select_one("th").get_text(strip=True): [
            re.sub(r"\s+", " ", c.get_text(" ", strip=True)) for c in r.select("td")
        ]
        for r in section.select("tbody tr")
    }
    assert rows["联系电话"] == ["010-12345678", "→ 010-88888888", "已要求补正"]
    assert rows["出口国家/地区"] == ["德国", "→ 法国", "未要求（企业自行修改）"]
    assert rows["营业执照"] == ["已更换", "已要求补正"]
