"""站内消息: every status change tells the enterprise's other users, a 申报 tells the
department's approvers, nobody of another enterprise hears of it; the e-mail copy after the
commit for those who asked; /me/messages; the bell and the messages page."""

import pytest
from django.core import mail

from accounts.models import Message
from accounts.services import user_notifications_update
from conftest import client_for
from testing import factories as f
from testing.html import Page

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return list(
        Message.objects.filter(user=user).order_by("at", "id").values_list("title", flat=True)
    )


def test_a_status_change_tells_the_others_not_the_actor_nor_other_enterprises(
    applicant_a, colleague_a, applicant_b, approver_bj, approver_sh
):
    app = f.submitted(applicant_a)
    no = app.application_no
    assert titles(colleague_a) == [f"申请单 {no} 已申报"]
    assert titles(applicant_a) == []  # who acted is not told
    assert titles(approver_bj) == [f"新的申报：北京测试医药有限公司 申请单 {no}"]
    assert titles(applicant_b) == [] and titles(approver_sh) == []
    from review import services as review

    review.application_request_correction(actor=approver_bj, application_id=app.id, opinion="补")
    assert titles(applicant_a)[-1] == f"申请单 {no} 需要补正材料"
    assert "理由/意见：补" in Message.objects.filter(user=applicant_a).last().body


def test_a_resubmission_is_announced_as_such(applicant_a, approver_bj):
    app = f.correction_required(applicant_a, approver_bj)
    from permits import services

    services.application_submit(actor=applicant_a, application_id=app.id)
    assert titles(approver_bj)[-1].startswith("重新申报：")


def test_email_copies_go_after_the_commit_to_those_who_asked(
    applicant_a, colleague_a, approver_bj, run_tasks
):
    user_notifications_update(user=colleague_a, email="alan@example.com", enabled=True)
    with run_tasks():
        app = f.submitted(applicant_a)
        assert mail.outbox == []  # nothing before the commit
    assert [m.to for m in mail.outbox] == [["alan@example.com"]]
    assert app.application_no in mail.outbox[0].subject
    assert Message.objects.get(user=colleague_a).emailed_at is not None


def test_no_email_without_an_address_or_the_wish(applicant_a, colleague_a, run_tasks):
    colleague_a.email = "alan@example.com"
    colleague_a.save()
    with run_tasks():
        f.submitted(applicant_a)
    assert mail.outbox == []


def test_the_api_lists_and_marks_read(anon, applicant_a, colleague_a, token_for):
    f.submitted(applicant_a)
    f.submitted(applicant_a)
    headers = token_for(colleague_a)
    body = anon.get("/api/v1/me/messages", **headers).json()
    assert body["unread"] == 2 and len(body["items"]) == 2 and body["items"][0]["read"] is False
    first = body["items"][0]["id"]
    read = anon.post(f"/api/v1/me/messages/{first}/read", **headers).json()
    assert read["read"] is True
    assert anon.get("/api/v1/me/messages", **headers).json()["unread"] == 1
    assert anon.post("/api/v1/me/messages/read-all", **headers).json()["unread"] == 0
    other = token_for(applicant_a)
    assert anon.post(f"/api/v1/me/messages/{first}/read", **other).status_code == 404


def test_the_bell_and_the_messages_page(applicant_a, colleague_a):
    f.submitted(applicant_a)
    client = client_for(colleague_a)
    bell = Page(client.get("/")).one("#topbar-bell")
    assert bell.select_one(".bell-count").get_text(strip=True) == "1"
    assert "1 条未读" in bell["aria-label"]
    page = Page(client.get("/accounts/messages/", HTTP_HX_REQUEST="true"))
    assert "已申报" in page.text() and page.all(".message.is-unread")
    token = page.csrf()
    client.post("/accounts/messages/read-all/", {"csrfmiddlewaretoken": token})
    assert Page(client.get("/accounts/messages/bell/")).all(".bell-count") == []


def test_notification_settings_need_a_valid_address(applicant_a):
    client = client_for(applicant_a)
    token = Page(client.get("/accounts/settings/")).csrf()
    response = client.post(
        "/accounts/settings/",
        {
            "csrfmiddlewaretoken": token,
            "action": "notifications",
            "email": "nope",
            "email_notifications": "on",
        },
    )
    assert response.status_code == 200 and "请填写有效的电子邮件地址。" in response.content.decode()
    client.post(
        "/accounts/settings/",
        {
            "csrfmiddlewaretoken": token,
            "action": "notifications",
            "email": "a@example.com",
            "email_notifications": "on",
        },
    )
    applicant_a.refresh_from_db()
    assert applicant_a.email_notifications and applicant_a.email == "a@example.com"
