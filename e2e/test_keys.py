"""卡介质 in Chromium with its virtual authenticator (DevTools WebAuthn domain): bind a key in
个人设置, sign out, sign in with the key alone; a key-confirmed 申报 and a key-confirmed
approval; the mandatory-key policy holding a password sign-in at the bind page."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.keys.confirmations import confirmation_holds
from e2e.conftest import assert_no_page_problems, htmx_idle, sign_in
from e2e.test_journey import decision, open_application
from permits.models import Application
from testing import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def key_site(settings, live_server):
    """The relying party is the live server's own address (http://localhost:PORT)."""
    settings.PUBLIC_BASE_URL = live_server.url
    return settings


def plug_in_key(page: Page) -> dict:
    """A virtual FIDO2 key (resident keys, user verification), touched automatically."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return {"cdp": cdp, "id": added["authenticatorId"]}


def bind_key(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/accounts/settings/#keys")
    page.get_by_label("卡介质名称").fill(name)
    page.get_by_role("button", name="绑定卡介质").click()
    expect(page.get_by_text(f"卡介质“{name}”已绑定。")).to_be_visible()
    expect(page.get_by_role("table", name="已绑定的卡介质")).to_contain_text(name)


def test_bind_a_key_sign_out_and_sign_in_with_the_key_alone(
    page, live_server, key_site, applicant_a
):
    base = live_server.url
    key = plug_in_key(page)
    sign_in(page, base, "alice")
    bind_key(page, base, "办公室的安全密钥")
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()

    page.get_by_role("button", name="卡介质").click()  # no user name, password or captcha
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    credentials = key["cdp"].send("WebAuthn.getCredentials", {"authenticatorId": key["id"]})
    assert credentials["credentials"][0]["signCount"] >= 1
    page.goto(f"{base}/accounts/settings/")
    row = page.get_by_role("table", name="已绑定的卡介质").get_by_role("row").nth(1)
    expect(row).to_contain_text("办公室的安全密钥")
    expect(row.get_by_role("cell").nth(2)).not_to_have_text("—")  # last used: now
    assert_no_page_problems(page)


def test_a_key_from_no_bound_account_signs_nobody_in(page, live_server, key_site, applicant_a):
    plug_in_key(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名", exact=True).fill("alice")
    page.get_by_role("button", name="卡介质").click()
    # alice has no key: the options name a decoy; the browser finds no matching credential
    expect(page.locator("[data-key-status]")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("button", name="退出")).to_have_count(0)


def test_key_confirmed_submission_and_approval(
    page, other_page, live_server, key_site, applicant_a, approver_bj
):
    base = live_server.url
    app = f.draft(applicant_a)
    key_site.SECURITY_KEY_CONFIRM_ACTIONS = ["submit", "approve"]

    plug_in_key(page)
    sign_in(page, base, "alice")
    bind_key(page, base, "企业的安全密钥")
    page.goto(f"{base}/")
    open_application(page, "查询", app.application_no)
    panel = page.get_by_role("tabpanel")
    panel.get_by_role("button", name="申报").click()
    dialog = page.locator("dialog.af-dialog[open]")
    expect(dialog.get_by_role("heading")).to_have_text("用卡介质确认申报")
    dialog.get_by_role("button", name="用卡介质确认申报").click()
    expect(panel.locator(".page-head .badge")).to_have_text("已申报")
    expect(panel.locator(".af-history")).to_contain_text("卡介质确认（企业的安全密钥）")

    review = other_page
    plug_in_key(review)
    sign_in(review, base, "dora")
    bind_key(review, base, "审批处的安全密钥")
    review.goto(f"{base}/")
    open_application(review, "待受理", app.application_no)
    rpanel = review.get_by_role("tabpanel")
    decision(review, "受理").click()
    rpanel.get_by_role("button", name="确认受理").click()  # not a confirmed action
    expect(rpanel.locator(".page-head .badge")).to_have_text("已受理")
    htmx_idle(review)
    decision(review, "审批通过").click()
    expect(rpanel.get_by_text(re.compile("此操作须用卡介质确认"))).to_be_visible()
    rpanel.get_by_role("button", name="确认审批通过").click()
    expect(rpanel.locator(".page-head .badge")).to_have_text("审批通过")

    changes = Application.objects.get(pk=app.pk).history.exclude(confirmation=None)
    assert [c.action for c in changes] == ["submit", "approve"]
    assert all(confirmation_holds(c.confirmation) for c in changes)
    assert_no_page_problems(page)
    assert_no_page_problems(review)


def test_a_key_only_role_is_held_at_the_bind_page_until_it_signs_in_with_the_key(
    page, live_server, key_site, approver_bj
):
    base = live_server.url
    key_site.SECURITY_KEY_REQUIRED_ROLES = ["approver"]
    plug_in_key(page)
    page.goto(f"{base}/accounts/login/")
    from e2e.conftest import fill_sign_in

    fill_sign_in(page, "dora")
    expect(page).to_have_url(re.compile(r"/accounts/settings/"))
    expect(page.get_by_text("您的账户须使用卡介质登录。").first).to_be_visible()
    page.goto(f"{base}/review/pending/")
    expect(page).to_have_url(re.compile(r"/accounts/settings/$"))

    page.get_by_label("卡介质名称").fill("审批处的安全密钥")
    page.get_by_role("button", name="绑定卡介质").click()
    page.get_by_role("button", name="用卡介质登录").click()
    expect(page.get_by_role("heading", name="首页")).to_be_visible()
    page.get_by_role("navigation", name="业务菜单").get_by_role("link", name="待受理").click()
    expect(page.get_by_role("tab", name="待受理")).to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(r"/review/pending/$"))
