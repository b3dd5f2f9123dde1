"""Browser fixtures: one Chromium for the session (Debian's /usr/bin/chromium, never a
downloaded browser), a fresh context per test, a screenshot in e2e/artifacts/ when a test
fails, and sign-in through the real form (the captcha answer is read from the database)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 800}
LABELS = {
    "zh": {"username": "用户名", "password": "密码", "captcha": "验证码", "submit": "登录"},
    "en": {
        "username": "Username",
        "password": "Password",
        "captcha": "Verification code",
        "submit": "Sign in",
    },
}


# The machines running these are shared and busy (two test workers, two cores): give the
# page's own JavaScript time before an expectation gives up.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _watch(page: Page) -> Page:
    """Record uncaught script errors and CSP violations; journeys assert there are none."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    # the browser's own confirm()/alert() is never used: every question is the in-page dialog
    page.on("dialog", lambda d: (problems.append(f"native dialog: {d.message}"), d.dismiss()))
    page.problems = problems
    # Requests sent and not yet answered (the browser's own and its scripts'): see _close.
    in_flight = {"n": 0}
    page.on("request", lambda _r: in_flight.update(n=in_flight["n"] + 1))
    for done in ("requestfinished", "requestfailed"):
        page.on(done, lambda _r: in_flight.update(n=in_flight["n"] - 1))
    page.in_flight = in_flight
    page.set_default_timeout(10_000)
    return page


def _close(context) -> None:
    """Close a browser context once its pages have their answers (at most 5 s): a request the
    live server is still answering when the test database is emptied after the test can
    deadlock with the emptying (TRUNCATE)."""
    for open_page in context.pages:
        waited = 0
        while getattr(open_page, "in_flight", {"n": 0})["n"] > 0 and waited < 5_000:
            open_page.wait_for_timeout(50)  # lets the page's events (answers) come in
            waited += 50
    context.close()


@pytest.fixture(autouse=True)
def tasks_worker(request):
    """A task worker beside the live server, as in production (database task backend)."""
    if "live_server" not in request.fixturenames:
        yield None
        return
    from testing.tasks import background_worker

    with background_worker() as worker:
        yield worker


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
    yield _watch(context.new_page())
    _close(context)


@pytest.fixture
def other_page(browser):
    """A second person's browser (its own context: cookies, session), for journeys across
    roles."""
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
    yield _watch(context.new_page())
    _close(context)


@pytest.fixture
def axe_page(browser):
    """For axe-core only: its script is injected, which the app's CSP rightly forbids."""
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORT, bypass_csp=True)
    yield _watch(context.new_page())
    _close(context)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name in ("page", "axe_page"):
        page = item.funcargs.get(name)
        if page is not None and not page.is_closed():
            ARTIFACTS.mkdir(exist_ok=True)
            target = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", item.nodeid) + ".png")
            try:
                page.screenshot(path=str(target), full_page=True)
            except Exception as exc:  # a failed screenshot must not hide the failure itself
                report.sections.append(("screenshot", f"could not save {target}: {exc}"))
            else:
                report.sections.append(("screenshot", str(target)))


def captcha_answer(page: Page) -> str:
    from captcha.models import CaptchaStore

    key = page.locator('input[name="captcha_0"]').input_value()
    return CaptchaStore.objects.get(hashkey=key).response


def fill_sign_in(page: Page, username: str, password: str = PASSWORD, lang: str = "zh") -> None:
    """Fill and send the sign-in form shown on the page."""
    labels = LABELS[lang]
    page.get_by_label(labels["username"], exact=True).fill(username)
    page.get_by_label(labels["password"], exact=True).fill(password)
    page.get_by_label(labels["captcha"], exact=True).fill(captcha_answer(page))
    # Until the page that answers has loaded (its deferred scripts have run): a click on the
    # workspace before app.js has bound its handlers follows the link under it instead.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=labels["submit"], exact=True).click()


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    fill_sign_in(page, username, password)
    expect(page.get_by_role("button", name="退出")).to_be_visible()


AXE = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe.min.js"


def assert_no_serious_axe_violations(page: Page, context: str) -> None:
    """axe-core (served from static/vendor, never a CDN) on the page as it is now: no serious
    or critical violation. Use on `axe_page`, whose context lets the script in."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert result["passes"], f"{context}: axe-core checked nothing"
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{context}: {serious}"


def assert_no_page_problems(page: Page) -> None:
    assert page.problems == [], page.problems


def open_menu(page: Page, base: str, menu_label: str, username: str = "alice"):
    """Sign in and open a menu entry in its tab; the tab's panel."""
    sign_in(page, base, username)
    page.get_by_role("navigation", name="业务菜单").get_by_role("link", name=menu_label).click()
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("heading", level=1, name=menu_label)).to_be_visible()
    return panel


def answer(page: Page, question: str, button: str) -> None:
    """Answer the workspace's in-page question dialog; it opens on 取消 (Enter alone never
    acts)."""
    dialog = page.locator("#app-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(question)
    expect(dialog.get_by_role("button", name="取消")).to_be_focused()
    dialog.get_by_role("button", name=button, exact=True).click()
    expect(dialog).to_be_hidden()


def htmx_idle(page: Page) -> None:
    """Wait until htmx has swapped and processed new content: an element swapped in a moment
    ago only reacts to its hx-trigger once htmx has processed it."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, "
        ".htmx-added')"
    )
