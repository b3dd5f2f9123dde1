"""Workspace pages through the test client: roles, sign-in redirect, htmx fragments, the
qualification dialog. Browser behaviour (tabs, menu) is covered in e2e/."""

import pytest
from django.urls import reverse

from accounts.services import MSG_NO_QUALIFICATION
from conftest import client_for

APPLICANT_PAGES = ["permits:import_new", "permits:export_new", "permits:query"]
APPROVER_PAGES = ["review:pending", "review:in_review", "review:all"]
CUSTOMS_PAGES = ["customs:check"]
ALL_PAGES = APPLICANT_PAGES + APPROVER_PAGES + CUSTOMS_PAGES
ROLE_PAGES = {
    "applicant_a": APPLICANT_PAGES,
    "colleague_a": APPLICANT_PAGES,
    "unqualified": APPLICANT_PAGES,
    "approver_bj": APPROVER_PAGES,
    "customs": CUSTOMS_PAGES,
}
PAGE_HEADINGS = {
    "permits:import_new": "进口准许证申请",
    "permits:export_new": "出口准许证申请",
    "permits:query": "查询",
    "review:pending": "待受理",
    "review:in_review": "审批中",
    "review:all": "全部",
    "customs:check": "核查核销",
}
SHELL_MARK = 'role="tablist"'


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(ROLE_PAGES))
def test_each_page_opens_for_its_role_and_404s_for_the_others(request, persona):
    client = client_for(request.getfixturevalue(persona))
    for name in ALL_PAGES:
        response = client.get(reverse(name))
        if name in ROLE_PAGES[persona]:
            assert response.status_code == 200, name
            html = response.content.decode()
            assert f"<h1>{PAGE_HEADINGS[name]}</h1>" in html
            assert SHELL_MARK in html  # a plain request gets the whole workspace
        else:
            assert response.status_code == 404, (persona, name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ALL_PAGES + ["workspace"])
def test_anonymous_visitors_are_sent_to_sign_in(anon, name):
    url = reverse(name)
    response = anon.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,name",
    [
        ("applicant_a", "permits:import_new"),
        ("applicant_a", "permits:query"),
        ("approver_bj", "review:in_review"),
        ("customs", "customs:check"),
        ("applicant_a", "workspace"),
    ],
)
def test_htmx_request_gets_the_page_fragment_without_the_shell(request, persona, name):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse(name), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div class="page" data-page-title="')
    for shell_part in (SHELL_MARK, "<html", "sidemenu", "退出"):
        assert shell_part not in html
    assert "HX-Request" in response["Vary"]
    # and the same URL without the header is the whole workspace with this page as its tab
    full = client.get(reverse(name)).content.decode()
    assert SHELL_MARK in full and 'aria-selected="true"' in full


@pytest.mark.django_db
def test_menu_follows_the_role(applicant_a, approver_bj, customs):
    applicant = client_for(applicant_a).get("/").content.decode()
    approver = client_for(approver_bj).get("/").content.decode()
    officer = client_for(customs).get("/").content.decode()
    for label in ("进口准许证申请", "出口准许证申请", "查询"):
        assert label in applicant and label not in approver
    for url in ("/review/pending/", "/review/in-review/", "/review/all/"):
        assert f'href="{url}"' in approver and f'href="{url}"' not in applicant
    assert 'href="/customs/"' in officer and 'href="/customs/"' not in applicant
    assert 'href="/permits/query/"' not in officer


@pytest.mark.django_db
def test_home_shows_the_enterprise_overview(applicant_a):
    html = client_for(applicant_a).get("/").content.decode()
    assert "北京测试医药有限公司" in html
    assert "91110108DP0000001D" in html
    assert "已备案" in html
    assert "北京市药品监督管理局" in html  # decided by the province in the USCC


@pytest.mark.django_db
def test_home_shows_the_approvers_department(approver_bj):
    html = client_for(approver_bj).get("/").content.decode()
    assert "北京市药品监督管理局" in html
    assert "审批人员" in html


@pytest.mark.django_db
def test_qualification_dialog_for_the_unqualified_enterprise_only(unqualified, applicant_a):
    html = client_for(unqualified).get("/").content.decode()
    assert 'id="qualification-dialog" role="alertdialog" aria-modal="true"' in html
    assert str(MSG_NO_QUALIFICATION) in html
    assert ">确定<" in html
    qualified = client_for(applicant_a).get("/").content.decode()
    assert 'id="qualification-dialog"' not in qualified
    assert str(MSG_NO_QUALIFICATION) not in qualified


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["permits:import_new", "permits:export_new"])
def test_unqualified_enterprise_sees_the_refusal_not_the_form(unqualified, applicant_a, name):
    refused = client_for(unqualified).get(reverse(name), HTTP_HX_REQUEST="true")
    assert refused.status_code == 200
    assert str(MSG_NO_QUALIFICATION) in refused.content.decode()
    assert 'class="form-frame"' not in refused.content.decode()
    allowed = client_for(applicant_a).get(reverse(name), HTTP_HX_REQUEST="true")
    assert 'class="form-frame"' in allowed.content.decode()
    assert str(MSG_NO_QUALIFICATION) not in allowed.content.decode()


@pytest.mark.django_db
def test_settings_page_is_a_workspace_tab_and_a_fragment_for_htmx(applicant_a):
    client = client_for(applicant_a)
    full = client.get(reverse("accounts:settings")).content.decode()
    assert SHELL_MARK in full and "<h1>个人设置</h1>" in full
    fragment = client.get(reverse("accounts:settings"), HTTP_HX_REQUEST="true").content.decode()
    assert "<h1>个人设置</h1>" in fragment and SHELL_MARK not in fragment


@pytest.mark.django_db
def test_shell_has_sign_out_as_a_post_form_and_the_language_switch(applicant_a):
    html = client_for(applicant_a).get("/").content.decode()
    assert f'method="post" action="{reverse("accounts:logout")}"' in html
    assert f'action="{reverse("set_language")}" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'href="{reverse("accounts:settings")}"' in html


def _csrf_token(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@pytest.mark.django_db
def test_english_interface(applicant_a):
    client = client_for(applicant_a)
    token = _csrf_token(client.get("/").content.decode())
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    for text in ("Import permit application", "Export permit application", "Sign out", "Home"):
        assert text in html
    assert "进口准许证申请" not in html


@pytest.mark.django_db
def test_sign_in_page_in_english(anon):
    anon.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    html = anon.get(reverse("accounts:login")).content.decode()
    for text in ("Username", "Password", "Verification code", "Sign in", "中文"):
        assert text in html


@pytest.mark.django_db
def test_pages_carry_no_inline_script_or_style(applicant_a, unqualified):
    """CSP allows only 'self' scripts and styles: inline ones would be blocked."""
    pages = [client_for(applicant_a).get(url) for url in ("/", "/permits/query/")]
    pages.append(client_for(unqualified).get("/"))
    for response in pages:
        html = response.content.decode()
        assert " style=" not in html and "<style" not in html
        assert " onclick=" not in html
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), chunk[:80]
