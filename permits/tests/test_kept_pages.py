"""Pages kept under a digest of what they show (permits.web.kept_page, config.pages.shell): a kept
page is the page the engine renders, each change of what it shows is shown at once, and what
differs per request (CSRF token, the 新增 link's form key) differs per request."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from accounts.messages import messages_create
from conftest import client_for
from permits import services
from permits.tests.test_pages_form import IMPORT_POST
from testing import factories as f
from testing.html import Page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

HX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')
FORM_KEY = re.compile(r"\?form=([0-9a-f]{6})")


def _page(client, url, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _plain(html: str) -> str:
    """The page without what differs per request."""
    return FORM_KEY.sub("?form=K", TOKEN.sub("T", html))


@pytest.fixture
def draft(applicant_a):
    return f.make_application(applicant_a)


def _fresh_render(client, url, **extra) -> str:
    caches["pages"].clear()
    return _page(client, url, **extra)


@pytest.mark.parametrize("extra", [{}, HX, {"HTTP_ACCEPT_LANGUAGE": "en"}])
def test_a_kept_page_is_the_page_rendered(applicant_a, draft, extra):
    client = client_for(applicant_a)
    url = f"/permits/applications/{draft.id}/"
    first = _fresh_render(client, url, **extra)
    kept = _page(client, url, **extra)
    assert _plain(kept) == _plain(first)
    assert draft.application_no in Page(kept).text()


def test_each_change_shows_at_once(applicant_a, draft):
    client = client_for(applicant_a)
    url = f"/permits/applications/{draft.id}/"
    assert "Changed Name Ltd." not in _page(client, url)
    services.application_update(
        actor=applicant_a,
        application_id=draft.id,
        version=draft.version,
        data={"applicant_name_en": "Changed Name Ltd."},
    )
    assert "Changed Name Ltd." in _page(client, url)
    assert "English" in _page(client, url)  # the language switch offers the other language
    assert "中文" in _page(client, url, HTTP_ACCEPT_LANGUAGE="en")


def test_every_request_gets_its_own_token_and_form_key(applicant_a, draft):
    """Two sessions of one user: each page's token is its own session's (a post with it
    passes CSRF), and the 新增 link's key is new on every request."""
    url = f"/permits/applications/{draft.id}/"
    one, two = client_for(applicant_a), client_for(applicant_a)
    pages = [_page(one, url), _page(two, url), _page(one, url)]
    keys = [FORM_KEY.search(p).group(1) for p in pages]
    assert len(set(keys)) == 3
    for client, html in ((one, pages[0]), (two, pages[1])):
        tokens = {a or b for a, b in TOKEN.findall(html)}  # the shell's and the page's own
        assert len(tokens) >= 2
        for token in tokens:
            answer = client.post(
                f"/permits/applications/{draft.id}/save/",
                {"csrfmiddlewaretoken": token, "version": draft.version},
                **HX,
            )
            assert answer.status_code in (200, 422), answer.status_code  # past CSRF (not 403)
    stranger = Client(enforce_csrf_checks=True)
    stranger.force_login(applicant_a)
    stranger.get("/")
    answer = stranger.post(
        f"/permits/applications/{draft.id}/save/",
        {"csrfmiddlewaretoken": Page(pages[0]).csrf(), "version": draft.version},
        **HX,
    )
    assert answer.status_code == 403  # another session's token is refused


def test_messages_are_shown_once_after_a_save(applicant_a, draft):
    client = client_for(applicant_a)
    url = f"/permits/applications/{draft.id}/"
    _page(client, url)
    token = Page(_page(client, url)).csrf()
    saved = client.post(
        f"{url}save/", {**IMPORT_POST, "csrfmiddlewaretoken": token, "version": draft.version}
    )
    assert saved.status_code == 302, saved.status_code
    assert "暂存成功" in _page(client, url)
    assert "暂存成功" not in _page(client, url)


def test_the_shell_shows_unread_messages_and_the_title_at_once(applicant_a, draft):
    client = client_for(applicant_a)
    url = f"/permits/applications/{draft.id}/"
    before = Page(_page(client, url))
    assert before.one("#topbar-bell").get("class").count("has-unread") == 0
    messages_create(users=[applicant_a], title="通知")
    after = _page(client, url)
    assert "has-unread" in Page(after).one("#topbar-bell")["class"]
    assert f"<title>{draft.application_no} · " in after
    query = _page(client, "/permits/query/")
    assert "<title>查询 · " in query and 'aria-current="page"' in query


def test_other_peoples_pages_stay_404(applicant_a, applicant_b, draft):
    url = f"/permits/applications/{draft.id}/"
    _page(client_for(applicant_a), url)  # kept for alice
    assert client_for(applicant_b).get(url).status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_top_bar_names_the_enterprise_or_department(applicant_a, approver_bj, language):
    enterprise = applicant_a.enterprise
    enterprise.name_en = "Enterprise A Co., Ltd."
    enterprise.save(update_fields=["name_en"])
    english = language == "en"
    html = _page(client_for(applicant_a), "/permits/query/", HTTP_ACCEPT_LANGUAGE=language)
    shown = Page(html).one(".who-org").get_text(strip=True)
    assert shown == (enterprise.name_en if english else enterprise.name)
    department = approver_bj.department
    html = _page(client_for(approver_bj), "/review/all/", HTTP_ACCEPT_LANGUAGE=language)
    shown = Page(html).one(".who-org").get_text(strip=True)
    assert shown == ((department.name_en or department.name) if english else department.name)


def test_a_kept_query_page_shows_each_change_and_takes_its_sessions_token(applicant_a):
    one, two = client_for(applicant_a), client_for(applicant_a)
    first = f.make_application(applicant_a)
    assert first.application_no in _page(one, "/permits/query/")
    kept = _page(two, "/permits/query/")  # the same list, kept: each session's own token
    assert _plain(kept) == _plain(_fresh_render(two, "/permits/query/"))
    second = f.make_application(applicant_a)
    html = _page(two, "/permits/query/")
    assert second.application_no in html and first.application_no in html
    answer = two.post(
        "/permits/query/delete/",
        {"csrfmiddlewaretoken": Page(html).csrf(), "ids": [str(second.id)], "confirmed": "1"},
        **HX,
    )
    assert answer.status_code == 200, answer.status_code  # past CSRF, deleted
    after = _page(one, "/permits/query/")
    assert second.application_no not in after and first.application_no in after
