"""查询 through the test client: filters, paging, SQL counts, the actions on checked rows
(复制, 删除, 撤回, 打印申请表, 导出Excel), 查看通知书, roles, other enterprises and CSRF."""

import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from conftest import client_for
from permits.models import Application, AuditEvent, Notice
from permits.web import query as vq
from testing import factories as f
from testing.html import Page

# Dates, validity and deadlines: time is frozen (conftest.FROZEN_AT).
pytestmark = pytest.mark.usefixtures("frozen_time")

QUERY = "/permits/query/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def shown_numbers(html) -> list[str]:
    """The application numbers shown in the result table, in order (each opens its tab)."""
    links = Page(html).all("table a[data-tab][data-tab-title]")
    return [a["data-tab-title"] for a in links if re.fullmatch(r"[IE]\d{16}", a["data-tab-title"])]


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return shown_numbers(response.content.decode())


def post(client, url, data=None, *, htmx=False):
    """A form post with the CSRF token the page gave (the client enforces CSRF)."""
    if "csrftoken" not in client.cookies:
        client.get("/")  # the workspace (sign-out form) gives every role a token
    body = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, **(data or {})}
    return client.post(url, body, **(HTMX if htmx else {}))


def ids(*apps) -> dict:
    return {"ids": [str(a.id) for a in apps]}


def latest_notice(app) -> Notice:
    """The notice the latest decision issued (every decision issues one)."""
    return Notice.objects.filter(application=app).order_by("issued_at", "id").last()


@pytest.fixture
def alice(applicant_a):
    return client_for(applicant_a)


@pytest.fixture
def mix(applicant_a, applicant_b, approver_bj, run_tasks):
    """One application per kind of row, plus another enterprise's (notices made)."""
    draft = f.make_application(applicant_a)
    f.add_goods(applicant_a, draft)
    export = f.make_application(applicant_a, direction="export")
    f.add_goods(applicant_a, export, **f.NON_BIOLOGICAL_GOODS)
    submitted = f.submitted(applicant_a)
    with run_tasks():
        done = f.approved(applicant_a, approver_bj)
    other = f.make_application(applicant_b)
    return {
        "draft": draft,
        "export": export,
        "submitted": submitted,
        "approved": done,
        "other": other,
    }


# ---- the page and its filters ----------------------------------------------------------


@pytest.mark.django_db
def test_empty_filter_shows_all_own_applications_newest_first(alice, mix):
    shown = numbers(alice.get(QUERY))
    own = [mix[k].application_no for k in ("approved", "submitted", "export", "draft")]
    assert shown == own  # newest first; never another enterprise's
    html = alice.get(QUERY).content.decode()
    assert "共 4 条" in html
    assert 'role="tablist"' in html  # a plain request gets the whole workspace


@pytest.mark.django_db
def test_htmx_gets_the_fragment_only(alice, mix):
    html = alice.get(QUERY, **HTMX).content.decode()
    assert 'role="tablist"' not in html and 'class="query"' in html
    assert len(shown_numbers(html)) == 4


@pytest.mark.django_db
def test_the_filters_each_narrow_the_table(alice, mix):
    m = {k: v.application_no for k, v in mix.items()}
    today = timezone.localdate()
    cases = [
        ({"direction": "export"}, [m["export"]]),
        ({"direction": "import"}, [m["approved"], m["submitted"], m["draft"]]),
        ({"status": "submitted"}, [m["submitted"]]),
        ({"status": "draft"}, [m["export"], m["draft"]]),
        ({"application_no": m["draft"]}, [m["draft"]]),
        ({"application_no": m["draft"].lower()}, [m["draft"]]),
        ({"permit_no": mix["approved"].permit_no}, [m["approved"]]),
        ({"drug_name": "睾酮"}, [m["export"]]),
        (
            {"approval_department": "110000"},
            [m[k] for k in ("approved", "submitted", "export", "draft")],
        ),
        ({"approval_department": "310000"}, []),
        (
            {"created_from": today.isoformat(), "created_to": today.isoformat()},
            [m[k] for k in ("approved", "submitted", "export", "draft")],
        ),
        ({"created_to": (today - timedelta(days=1)).isoformat()}, []),
        ({"submitted_from": today.isoformat()}, [m["approved"], m["submitted"]]),
        ({"submitted_to": (today - timedelta(days=1)).isoformat()}, []),
    ]
    for params, expected in cases:
        assert numbers(alice.get(QUERY, params)) == expected, params


@pytest.mark.django_db
def test_created_dates_filter_by_local_date(alice, applicant_a):
    old, new = f.make_application(applicant_a), f.make_application(applicant_a)
    Application.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert numbers(alice.get(QUERY, {"created_from": day, "created_to": day})) == [
        old.application_no
    ]
    assert numbers(alice.get(QUERY, {"created_from": timezone.localdate().isoformat()})) == [
        new.application_no
    ]


@pytest.mark.django_db
def test_invalid_filters_are_shown_at_their_fields(alice, applicant_a):
    f.make_application(applicant_a)
    response = alice.get(QUERY, {"created_from": "2026-05-02", "created_to": "2026-05-01"})
    html = response.content.decode()
    assert "结束日期不能早于开始日期。" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="query-created_to_error1"' in html
    assert shown_numbers(html) == []


@pytest.mark.django_db
def test_the_form_offers_every_status_and_the_departments(alice, applicant_a):
    html = alice.get(QUERY).content.decode()
    for label in (
        "全部",
        "暂存",
        "已申报",
        "已受理",
        "补正材料",
        "不予受理",
        "审批通过",
        "审批不通过",
        "已作废",
        "已撤回",
        "北京市药品监督管理局",
    ):
        assert f">{label}</option>" in html, label
    for label in (
        "申请单号",
        "证书编号",
        "进出口",
        "状态",
        "药物名称",
        "审批部门",
        "创建日期",
        "申报日期",
    ):
        assert label in [t.get_text(strip=True) for t in Page(html).all('label[for^="query-"]')]
    for button in ("查询", "重置", "复制", "删除", "撤回", "打印申请表", "导出Excel"):
        assert f">{button}<" in html, button


@pytest.mark.django_db
def test_the_english_page_names_departments_in_english(alice, mix):
    alice.cookies["django_language"] = "en"
    html = alice.get(QUERY).content.decode()
    assert '<html lang="en">' in html
    assert "Beijing" in html and len(shown_numbers(html)) == 4


@pytest.mark.django_db
def test_reset_empties_the_filters(alice, mix):
    html = alice.get(QUERY, {"direction": "export", "reset": "1"}).content.decode()
    assert len(shown_numbers(html)) == 4
    assert 'value="export" selected' not in html


@pytest.mark.django_db
def test_status_is_shown_in_words_and_colour(alice, mix):
    html = alice.get(QUERY).content.decode()
    assert '<span class="badge badge-grey" data-status="draft">暂存</span>' in html
    assert '<span class="badge badge-blue" data-status="submitted">已申报</span>' in html
    assert '<span class="badge badge-green" data-status="approved">审批通过</span>' in html
    assert f'href="/permits/applications/{mix["draft"].id}/" data-tab' in html


# ---- paging and SQL counts -------------------------------------------------------------


@pytest.mark.django_db
def test_paging_pages_and_page_sizes(alice, applicant_a):
    apps = [f.make_application(applicant_a) for _ in range(23)]
    newest_first = [a.application_no for a in reversed(apps)]
    first = alice.get(QUERY)
    assert numbers(first) == newest_first[:20]
    html = first.content.decode()
    assert "共 23 条" in html and 'rel="next"' in html
    assert 'aria-current="page" aria-label="第 1 页">1</a>' in html
    second = alice.get(QUERY, {"page": 2, "page_size": 20})
    assert numbers(second) == newest_first[20:]
    assert 'rel="prev"' in second.content.decode()
    assert numbers(alice.get(QUERY, {"page_size": 50})) == newest_first
    assert numbers(alice.get(QUERY, {"page_size": 7})) == newest_first[:20]  # not offered
    assert numbers(alice.get(QUERY, {"page": 99})) == newest_first[20:]  # past the end
    assert numbers(alice.get(QUERY, {"page": "x"})) == newest_first[:20]


@pytest.mark.django_db
def test_count_is_capped_at_ten_thousand(alice, applicant_a, monkeypatch):
    monkeypatch.setattr("permits.selectors.COUNT_CAP", 3)
    for _ in range(5):
        f.make_application(applicant_a)
    html = alice.get(QUERY, {"page": 2, "page_size": 20}).content.decode()
    assert "共 3+ 条" in html  # the cap itself reaches the page


@pytest.mark.django_db
def test_sql_count_is_the_same_for_one_row_and_a_hundred(
    alice, applicant_a, approver_bj, django_assert_num_queries, run_tasks, monkeypatch
):
    apps = [f.make_application(applicant_a) for _ in range(100)]
    for app in apps[:3]:
        f.add_goods(applicant_a, app)
    with run_tasks():
        sub = f.accepted(applicant_a, approver_bj)
    assert latest_notice(sub).state == "ready"
    alice.get(QUERY)  # warm the session and the reference index
    # The index asks the database whether reference data changed at most every 2 s: on a busy
    # machine that once-a-while query fell inside one of the two measurements. Hold its clock.
    from reference import index

    monkeypatch.setattr(index, "clock", lambda: index._state.checked_at)
    with CaptureQueriesContext(connection) as one_row:
        assert len(numbers(alice.get(QUERY, {"page": 6, "page_size": 20}))) == 1
    count = len(one_row.captured_queries)
    assert count <= 8  # session, user, rows, goods, notices, count; the top bar: enterprise, unread
    with django_assert_num_queries(count):
        response = alice.get(QUERY, {"page": 1, "page_size": 100})
    assert len(numbers(response)) == 100 and "查看通知书" in response.content.decode()


# ---- 复制 --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("how_many", [0, 2])
def test_copy_needs_exactly_one_row(alice, mix, how_many):
    before = Application.objects.count()
    chosen = [mix["draft"], mix["submitted"]][:how_many]
    response = post(alice, "/permits/query/copy/", ids(*chosen), htmx=True)
    assert response.status_code == 200
    assert str(vq.MSG_COPY_ONE) in response.content.decode()
    assert Application.objects.count() == before


@pytest.mark.django_db
def test_copy_one_row_makes_a_draft_and_opens_it(alice, mix):
    response = post(
        alice, "/permits/query/copy/", {**ids(mix["approved"]), "status": "draft"}, htmx=True
    )
    html = response.content.decode()
    copy = Application.objects.exclude(pk__in=[a.pk for a in mix.values()]).get()
    assert copy.status == "draft" and copy.goods.count() == 1
    assert f"新申请单 {copy.application_no} 已暂存" in html
    assert f'href="/permits/applications/{copy.id}/" data-tab' in html and "data-open-tab" in html
    assert copy.application_no in shown_numbers(html)  # the list (filter kept) is fresh


@pytest.mark.django_db
def test_copy_without_javascript_goes_to_the_new_draft(alice, mix):
    response = post(alice, "/permits/query/copy/", ids(mix["draft"]))
    copy = Application.objects.exclude(pk__in=[a.pk for a in mix.values()]).get()
    assert response.status_code == 302
    assert response["Location"] == f"/permits/applications/{copy.id}/"


@pytest.mark.django_db
def test_copy_refused_for_an_enterprise_without_qualification(unqualified):
    client = client_for(unqualified)
    response = post(client, "/permits/query/copy/", {"ids": []}, htmx=True)
    assert str(vq.MSG_COPY_ONE) in response.content.decode()


# ---- 删除 --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_asks_first_without_javascript(alice, mix):
    response = post(alice, "/permits/query/delete/", ids(mix["draft"]))
    html = response.content.decode()
    assert response.status_code == 200 and "确定删除？" in html
    assert 'name="confirmed" value="1"' in html and mix["draft"].application_no in html
    assert Application.objects.filter(pk=mix["draft"].pk).exists()
    done = post(alice, "/permits/query/delete/", {**ids(mix["draft"]), "confirmed": "1"})
    assert done.status_code == 302 and done["Location"].startswith(QUERY)
    assert not Application.objects.filter(pk=mix["draft"].pk).exists()
    shown = alice.get(done["Location"]).content.decode()
    assert f"已删除 1 张申请单：{mix['draft'].application_no}。" in shown
    assert "已删除" not in alice.get(QUERY).content.decode()  # said once


@pytest.mark.django_db
def test_delete_of_a_submitted_application_is_refused_naming_the_status(alice, mix):
    chosen = ids(mix["draft"], mix["submitted"])
    response = post(alice, "/permits/query/delete/", {**chosen, "confirmed": "1"}, htmx=True)
    html = response.content.decode()
    assert f"申请单 {mix['submitted'].application_no}：当前状态为“已申报”，不能删除。" in html
    assert f"已删除 1 张申请单：{mix['draft'].application_no}。" in html
    assert Application.objects.filter(pk=mix["submitted"].pk).exists()
    assert not Application.objects.filter(pk=mix["draft"].pk).exists()


@pytest.mark.django_db
def test_delete_with_nothing_checked_says_so(alice, mix):
    response = post(alice, "/permits/query/delete/", {"confirmed": "1"}, htmx=True)
    assert str(vq.MSG_DELETE_NONE) in response.content.decode()


# ---- 撤回 --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_withdraw_allowed_for_submitted_and_refused_otherwise(alice, mix, approver_bj):
    accepted = f.accepted(mix["draft"].created_by, approver_bj)
    chosen = ids(mix["submitted"], accepted, mix["approved"], mix["draft"])
    response = post(alice, "/permits/query/withdraw/", {**chosen, "confirmed": "1"}, htmx=True)
    html = response.content.decode()
    for app in (mix["submitted"], accepted):
        app.refresh_from_db()
        assert app.status == "withdrawn"
    mix["approved"].refresh_from_db()
    assert mix["approved"].status == "approved"
    assert f"申请单 {mix['approved'].application_no}：当前状态为“审批通过”，不能撤回。" in html
    assert f"申请单 {mix['draft'].application_no}：当前状态为“暂存”，不能撤回。" in html
    assert "已撤回 2 张申请单" in html


@pytest.mark.django_db
def test_withdraw_asks_first(alice, mix):
    response = post(alice, "/permits/query/withdraw/", ids(mix["submitted"]))
    assert "确认撤回？" in response.content.decode()
    mix["submitted"].refresh_from_db()
    assert mix["submitted"].status == "submitted"


# ---- other enterprises, roles, CSRF ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["copy", "delete", "withdraw", "print"])
def test_another_enterprises_ids_are_not_found_and_nothing_is_done(alice, mix, action):
    before = Application.objects.count()
    chosen = ids(mix["draft"], mix["other"]) if action != "copy" else ids(mix["other"])
    response = post(alice, f"/permits/query/{action}/", {**chosen, "confirmed": "1"}, htmx=True)
    assert response.status_code == 404
    assert Application.objects.count() == before
    assert post(alice, "/permits/query/delete/", {"ids": "not-a-uuid"}).status_code == 404
    other = mix["other"].id
    assert alice.get(f"/permits/applications/{other}/notices/latest/").status_code == 404
    assert alice.get(f"/permits/query/print/{other}/application-form.pdf").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["approver_bj", "customs"])
def test_other_roles_get_404(request, persona, mix):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(QUERY).status_code == 404
    assert client.get("/permits/query/export.xlsx").status_code == 404
    assert post(client, "/permits/query/copy/", ids(mix["submitted"])).status_code == 404
    url = f"/permits/applications/{mix['approved'].id}/notices/latest/"
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_posts_need_the_csrf_token(alice, mix):
    for action in ("copy", "delete", "withdraw", "print"):
        response = alice.post(f"/permits/query/{action}/", {**ids(mix["draft"]), "confirmed": "1"})
        assert response.status_code == 403, action
    assert Application.objects.filter(pk=mix["draft"].pk).exists()
    assert alice.get("/permits/query/delete/").status_code == 405


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(anon):
    assert anon.get("/permits/query/export.xlsx").status_code == 302


# ---- 打印申请表, 导出Excel, 查看通知书 --------------------------------------------------------


@pytest.mark.django_db
def test_print_needs_one_row_and_gives_the_pdf(alice, mix):
    refused = post(alice, "/permits/query/print/", ids(mix["draft"], mix["export"]), htmx=True)
    assert str(vq.MSG_PRINT_ONE) in refused.content.decode()
    response = post(alice, "/permits/query/print/", ids(mix["submitted"]))
    assert response.status_code == 302
    pdf = alice.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_export_has_every_filtered_row_on_every_page(alice, applicant_a, mix):
    extra = [f.make_application(applicant_a, direction="export") for _ in range(2)]
    response = alice.get("/permits/query/export.xlsx", {"direction": "export", "page_size": 1})
    assert response.status_code == 200
    assert response["Content-Type"] == vq.XLSX
    assert "attachment" in response["Content-Disposition"]
    assert re.search(
        r"filename\*=utf-8''%E6%9F%A5%E8%AF%A2%E7%BB%93%E6%9E%9C-\d{8}\.xlsx",
        response["Content-Disposition"],
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "申请单号"
    assert sorted(r[0] for r in rows[1:]) == sorted(
        a.application_no for a in [mix["export"], *extra]
    )


@pytest.mark.django_db
def test_export_link_carries_the_current_filter(alice, mix):
    html = alice.get(QUERY, {"direction": "export", "page": 1}).content.decode()
    assert 'href="/permits/query/export.xlsx?direction=export"' in html


@pytest.mark.django_db
def test_notice_link_only_where_there_is_a_notice(alice, mix, applicant_a):
    notice = latest_notice(mix["approved"])
    assert notice.kind == "approval"
    html = alice.get(QUERY).content.decode()
    link = f"/permits/applications/{mix['approved'].id}/notices/latest/"
    assert html.count("查看通知书</a>") == 1 and f'href="{link}"' in html
    draft_link = f"/permits/applications/{mix['draft'].id}/notices/latest/"
    assert draft_link not in html
    assert alice.get(draft_link).status_code == 404
    response = alice.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        application_id=mix["approved"].id,
        action="notice_download",
        detail=notice.number,
        actor=applicant_a,
    ).exists()
