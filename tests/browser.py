"""One way for a browser test to open Chromium as a person: a fresh context (own cookies), the
confirmation before irreversible steps answered "OK", and a session already logged in
(``tests.factories.browser_session``; the login form is walked in tests/accounts). A story with
several people passes one window from person to person (``switch_to``): each new context cost
Chromium about 0.45 CPU-s, and its renderer processes more (the axe walk: 28 -> 20 core-s)."""

from pathlib import Path

from tests.factories import ANSWER_CONFIRM, browser_session

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"


def open_as(chromium, live_server, username=None, width=1280, *, axe=False, papers=True):
    """A page on the home page as ``username`` (anonymous: nothing opened yet).

    ``axe``: axe-core in every page of the context, sent to the browser once (the context then
    bypasses the CSP for that script; every other test runs under the app's CSP). ``papers=False``:
    the papers a review page shows inline get a plain-text stand-in (Chromium's PDF viewer costs
    about a CPU-second a paper; the story that checks them keeps them)."""
    ctx = chromium.new_context(
        locale="id-ID", viewport={"width": width, "height": 900 if width > 500 else 844}, bypass_csp=axe
    )
    ctx.add_init_script(ANSWER_CONFIRM)
    if axe:
        ctx.add_init_script(path=str(AXE))
    if not papers:
        papers_as_stand_ins(ctx)
    page = ctx.new_page()
    page.set_default_timeout(60000)  # generous: the wait ends as soon as the page shows the thing
    page.base = live_server.url
    return switch_to(page, username) if username else page


def papers_as_stand_ins(ctx):
    """From now on the papers a review page shows inline get a plain-text stand-in."""
    ctx.route("**/dokumen/*/berkas/", lambda route: route.fulfill(content_type="text/plain", body="(berkas)"))


def switch_to(page, username=None, assignment=None):
    """The same window, now as ``username`` (None: logged out) with ``assignment`` as the active role
    if given: the cookies cleared, then a session opened as ``open_as`` does, on the home page (the
    role picker, if the session has no role, answered with ``assignment`` or the first role).
    Chromium keeps the context and its renderer
    (a new context costs about 0.45 CPU-s). The tab's storage is cleared too: the questions the last
    person was asked (``tests.factories.confirmations``) are not the next one's."""
    if page.url.startswith(page.base):
        page.evaluate("() => { sessionStorage.clear(); localStorage.clear(); }")
    page.context.clear_cookies()
    if username:
        browser_session(page, username, base=page.base, assignment=assignment)
        if "/peran/" in page.url:
            pick = f"[data-testid=role-{assignment.pk}]" if assignment else "[data-testid^=role-]"
            page.locator(pick).first.click()
        page.wait_for_selector("[data-testid=home-title]")
    return page


def screenshot(page, **kwargs):
    """``page.screenshot(**kwargs)``, for a person to look at afterwards. Chromium now and then
    refuses one capture ("Unable to capture screenshot", seen on a loaded machine) and takes the
    same picture when asked again: it is asked once more before the test fails."""
    from playwright.sync_api import Error

    try:
        return page.screenshot(**kwargs)
    except Error as e:
        if "Unable to capture screenshot" not in str(e):
            raise
        return page.screenshot(**kwargs)
