"""Real Chromium, as the people who use Padamu: axe-core on every page type at 1280 px and 390 px
(0 serious or critical violations), the statistics charts on screen, filters folded away on a
phone, and the main flow walked with the keyboard only.

axe-core is vendored in tests/assets (MPL-2.0, see tests/assets/README.md) and injected into the
page by the test (the browser context bypasses the CSP for that script only; the app never serves it).
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from nuptk import services as svc
from tests.browser import AXE, open_as, screenshot, switch_to
from tests.factories import assign, user
from tests.nuptk.conftest import approve, attach_all, make_ptk, reject, scope_of  # noqa: F401 (claim, tick the checklist, decide)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
SHOTS = Path("/tmp")


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations of the page as shown now."""
    if not page.evaluate("typeof window.axe === 'object'"):  # a context opened without axe=True
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    return result


def requests_world(world):
    """A returned request and a waiting one at the Dinas, and a PTK with their own account."""
    ptk_user = user("andi.ptk", full_name="Andi Pratama")
    assign(ptk_user, Role.PTK)
    op = scope_of(world.roles["sd_op"])
    subs = []
    for i, name in enumerate(("Andi Pratama", "Budi Santoso", "Citra Lestari")):
        p = make_ptk(world.inst["sd"], name=name, user=ptk_user if i == 0 else None)
        sub = svc.submission_create(scope=op, ptk=p, kind="penerbitan")
        attach_all(op, sub)
        subs.append(svc.submission_submit(scope=op, pk=sub.pk))
    dinas = scope_of(world.roles["dinas_kota_op"])
    reject(scope=dinas, pk=subs[0].pk, reason="unreadable", note="KTP buram, unggah ulang")
    approve(scope=dinas, pk=subs[1].pk)
    return subs


def letter_token(world, ptk) -> str:
    """A real letter to verify on /v/ (a filled-in A01 the school printed)."""
    from documents.letters import letter_create
    from ptk.services import ptk_letter_data

    op = world.roles["sd_op"]
    letter = letter_create(
        code="A01",
        issuer=op.user,
        issuer_role=op.role,
        institution=world.inst["sd"],
        subject_type="ptk",
        subject_id=str(ptk.pk),
        subject_name=ptk.name,
        data={"ptk": ptk_letter_data(ptk)},
        subject_user=None,
        school=world.inst["sd"],
    )
    return letter.token


def test_axe_finds_no_serious_violation_on_any_page_type(chromium, live_server, world):
    subs = requests_world(world)
    sub, ptk = subs[0], subs[0].ptk
    token = letter_token(world, ptk)
    pages = {
        None: ["/masuk/", "/aktivasi/", "/ptk/aktivasi/", "/tidak-ada-halaman-ini/", f"/v/{token}/"],
        "sd.op": [
            "/",
            "/ptk/",
            f"/ptk/{ptk.pk}/",
            "/ptk/entri/",
            "/ajuan/",
            "/ajuan/baru/",
            f"/ajuan/{sub.pk}/",
            "/pemberitahuan/",
            "/akun/keamanan/",
            "/lembaga/",
            "/dokumen/surat/",
        ],
        "dinas_kota.op": ["/", "/ajuan/antrian/", "/ajuan/statistik/", f"/ajuan/{subs[2].pk}/", "/ptk/"],
        "andi.ptk": ["/", "/ajuan/", f"/ajuan/{sub.pk}/", "/ptk/saya/", f"/ptk/{ptk.pk}/kontak/"],
        "dinas_kota.admin": ["/pengguna/", "/pengguna/daftar/", "/dokumen/cetak-massal/", "/delegasi/"],
    }
    problems = []
    page = open_as(chromium, live_server, axe=True)
    for username, urls in pages.items():
        switch_to(page, username)  # one window, a session per person
        for url in urls:  # each page is checked on screen, then on a phone
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(live_server.url + url)
            expect(page.locator("main")).to_be_visible()
            for width in WIDTHS:
                # the same page, narrowed: the server does not vary by width, and the phone's folded
                # filters are checked unfolded here (a superset); tests below fold them on a phone
                page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
                assert page.evaluate("window.innerWidth") == width
                for v in axe_violations(page):
                    problems.append(f"{username or 'anonim'} {width}px {url}: {v}")
    page.context.close()
    assert not problems, "\n".join(problems)


def test_statistics_charts_show_on_screen_and_on_a_phone(chromium, live_server, world):
    requests_world(world)
    page = open_as(chromium, live_server, "dinas_kota.op")
    for width in WIDTHS:  # one window, narrowed for the phone
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        page.goto(live_server.url + "/")
        page.click("nav.mainnav >> text=Statistik layanan")
        for chart in ("chart-kinds", "chart-levels", "chart-waits", "chart-weeks"):
            expect(page.locator(f"[data-testid={chart}]")).to_be_visible()
        expect(page.locator("[data-testid=chart-kinds] rect").first).to_be_visible()
        # the chart keeps readable text: on a phone it scrolls sideways inside its box, not the page
        box = page.locator("figure.chart-box").first.bounding_box()
        assert box["width"] <= width
        assert page.locator("[data-testid=chart-kinds]").bounding_box()["height"] > 60
        screenshot(page, path=str(SHOTS / f"padamu-statistics-{width}.png"), full_page=True)
        # drill down to the kab/kota, then a school, by clicking
        page.locator("[data-testid=by-area] a").first.click()
        expect(page.locator("[data-testid=by-area]")).to_contain_text(world.inst["sd"].name)
        page.locator("[data-testid=by-area] a").first.click()
        expect(page.locator(".crumbs")).to_contain_text("NPSN")
    page.context.close()


def test_on_a_phone_the_filters_fold_and_the_first_rows_show(chromium, live_server, world):
    subs = requests_world(world)
    page = open_as(chromium, live_server, "dinas_kota.op", width=390)
    page.goto(live_server.url + "/ajuan/antrian/")
    expect(page.locator("[data-testid=filters] summary")).to_be_visible()
    expect(page.locator("#id_q")).to_be_hidden()
    first = page.locator("[data-testid=queue] tbody tr").first
    expect(first).to_contain_text(subs[2].code)
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 844, "the first row is visible without scrolling"
    screenshot(page, path=str(SHOTS / "padamu-queue-390.png"))
    # the summary opens the filters; the school type-ahead finds the school by name
    page.click("[data-testid=filters] summary")
    expect(page.locator("#id_q")).to_be_visible()
    page.fill("[data-testid=school-input]", world.inst["sd"].npsn)
    page.click("[data-testid=filters] button[type=submit]")
    expect(page.locator("[data-testid=queue]")).to_contain_text(subs[2].code)
    page.context.close()


def tab_to(page, text: str, limit: int = 80):
    """Press Tab until the focused element shows ``text``; fail when it is never reached."""
    for _i in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || document.activeElement.value || '').trim()"
        )
        if text in focused:
            return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    raise AssertionError(f"{text!r} not reachable with Tab")


def test_keyboard_only_school_starts_a_request(chromium, live_server, world):
    """Log in, reach the request list, start a request and see its checklist: keys only, focus seen."""
    from accounts.mfa import mfa_required
    from tests.factories import DEMO_PASSWORD, totp_now

    ptk = make_ptk(world.inst["sd"], name="Dewi Keyboard")
    page = open_as(chromium, live_server, None)
    page.goto(live_server.url + "/masuk/")
    u = world.roles["sd_op"].user
    expect(page.locator("input[name=username]")).to_be_focused()  # autofocus: type at once
    page.keyboard.type(u.username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    if mfa_required(u):
        expect(page.locator("input[name=token]")).to_be_focused()  # autofocus: type the code at once
        page.keyboard.type(totp_now(u))
        page.keyboard.press("Enter")
    expect(page.locator("[data-testid=home-title]")).to_be_visible()
    page.keyboard.press("Tab")  # the skip link comes first and shows itself
    expect(page.locator("[data-testid=skip-link]")).to_be_focused()
    expect(page.locator("[data-testid=skip-link]")).to_be_in_viewport()
    outline = tab_to(page, "Ajuan NUPTK")
    assert outline != "none", "the focused link is outlined"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Ajuan NUPTK")
    tab_to(page, "Buat ajuan baru")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Buat ajuan baru")
    tab_to(page, "pilih PTK")
    page.keyboard.press("ArrowDown")
    expect(page.locator("select[name=ptk]")).to_have_value(str(ptk.pk))
    tab_to(page, "Buat ajuan")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=checklist]")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("Dewi Keyboard")
    page.context.close()


def test_language_switch_in_the_footer(chromium, live_server, world):
    requests_world(world)
    page = open_as(chromium, live_server, "dinas_kota.op", axe=True)
    expect(page.locator("nav.mainnav")).to_contain_text("Antrian verval")
    page.click("[data-testid=lang-en]")
    expect(page.locator("nav.mainnav")).to_contain_text("Review queue")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("nav.mainnav >> text=Service statistics")
    expect(page.locator("h1")).to_contain_text("Service statistics")
    assert not axe_violations(page)
    screenshot(page, path=str(SHOTS / "padamu-statistics-en.png"), full_page=True)
    page.click("[data-testid=lang-id]")
    expect(page.locator("h1")).to_contain_text("Statistik layanan")
    page.context.close()
