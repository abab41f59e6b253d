"""Real Chromium: a school submits a penerbitan, the Dinas rejects it with a note, the school fixes
it and submits again, Dinas, LPMP and PDSPK approve, the PTK sees the NUPTK and prints S11."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from nuptk.models import Submission
from tests.browser import open_as, papers_as_stand_ins, screenshot, switch_to
from tests.factories import assign, confirmations, user

from .conftest import attach_all, colour_pdf_upload, make_ptk, scope_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def approve_in_browser(page, username, sub):
    switch_to(page, username)
    page.click("text=Antrian verval")
    page.click(f"text={sub.code}")
    # The review page shows every paper inline (lazy frames). Nothing waits for those loads: the
    # live server's threads have their own database connections, and a click that navigates simply
    # cancels a paper still loading. ("networkidle" timed out once on a loaded machine.)
    with page.expect_navigation():
        page.click("[data-testid=claim]")
    page.wait_for_selector("[data-testid=release]")
    for box in page.locator("[data-testid^=review-item-]").all():  # the checklist, every item ticked
        box.check()
    with page.expect_navigation():
        page.click("[data-testid=approve]")
    page.wait_for_selector(".msg-success")
    assert any(q.startswith("Setujui") for q in confirmations(page))  # asked before approving
    return page.inner_text(".messages")


def test_penerbitan_from_submit_to_nuptk_in_browser(chromium, live_server, world, tmp_path):
    ptk_user = user("andi.ptk", full_name="Andi Pratama")
    ptk = make_ptk(world.inst["sd"], name="Andi Pratama", user=ptk_user)
    assign(ptk_user, Role.PTK)

    # 1. the school starts the request in the browser
    school = open_as(chromium, live_server, "sd.op")
    school.click("text=Ajuan NUPTK")
    school.click("[data-testid=new-request]")
    school.select_option("select[name=ptk]", str(ptk.pk))
    school.select_option("select[name=kind]", "penerbitan")
    with school.expect_navigation():
        school.click("[data-testid=create]")
    school.wait_for_selector("[data-testid=checklist]")
    assert "Belum dilampirkan" in school.inner_text("[data-testid=checklist]")
    sub = Submission.objects.get(ptk=ptk)
    # papers: the KTP through the page, the rest as earlier uploads
    attach_all(scope_of(world.roles["sd_op"]), sub)
    ktp = tmp_path / "ktp-warna.pdf"
    ktp.write_bytes(colour_pdf_upload().read())  # a colour scan: a grey KTP is flagged
    school.reload()
    # the documents step: one form, one button; a bad file among good ones saves nothing
    bad = tmp_path / "ijazah.pdf"
    bad.write_bytes(b"ini bukan PDF")
    school.set_input_files("input[name=r-ktp-upload]", str(ktp))
    school.set_input_files("input[name=r-ijazah_sma-upload]", str(bad))
    school.fill("input[name=r-ijazah_sma-number]", "DN-02 Mu 0012345")
    with school.expect_navigation():
        school.click("[data-testid=attach-all]")
    summary = school.locator("[data-testid=error-summary]")
    expect(summary).to_contain_text("Tidak ada dokumen yang disimpan")
    expect(summary.locator("a[href='#id_r-ijazah_sma-upload']")).to_be_visible()
    expect(school.locator("#req-ijazah_sma .errorlist")).to_be_visible()
    expect(school.locator("input[name=r-ijazah_sma-number]")).to_have_value("DN-02 Mu 0012345")
    screenshot(school, path="/tmp/padamu-doc-step-refused-1280.png", full_page=True)
    assert not sub.documents.filter(file_name="ktp-warna.pdf").exists(), "nothing saved"
    school.set_input_files("input[name=r-ktp-upload]", str(ktp))
    school.set_input_files("input[name=r-ijazah_sma-upload]", str(ktp))
    with school.expect_navigation():
        school.click("[data-testid=attach-all]")
    expect(school.locator(".msg-success")).to_contain_text("2 dokumen dilampirkan")
    assert sub.documents.filter(is_current=True, file_name="ktp-warna.pdf").count() == 2
    with school.expect_navigation():
        school.click("[data-testid=submit]")
    school.wait_for_selector("[data-testid=status]")
    assert "Menunggu Dinas" in school.inner_text("[data-testid=status]")

    # 2. the Dinas rejects with a note pointing at the SMA diploma (the same window: each person in
    # turn, with their own session)
    request_url = school.url
    dinas = switch_to(school, "dinas_kota.op")
    assert "Penerbitan NUPTK" in dinas.inner_text("[data-testid=nuptk-panel]")
    dinas.click("text=Antrian verval")
    dinas.click(f"text={sub.code}")
    with dinas.expect_response(lambda r: "/berkas/" in r.url) as paper, dinas.expect_navigation():
        dinas.click("[data-testid=claim]")  # the decision forms appear after the claim
    assert paper.value.status == 200 and paper.value.header_value("content-type") == "application/pdf"
    dinas.wait_for_selector("[data-testid=reject]")
    dinas.select_option("select[name=reason]", "unreadable")
    dinas.select_option("select[name=item]", "ijazah_sma")
    dinas.fill("textarea[name=note]", "Ijazah SMA buram; unggah ulang scan asli berwarna.")
    with dinas.expect_navigation():
        dinas.click("[data-testid=reject]")
    dinas.wait_for_load_state()
    screenshot(dinas, path="/tmp/padamu-nuptk-rejected.png", full_page=True)
    dinas.wait_for_selector("[data-testid=reject-note]")
    assert "Kembalikan ajuan ini ke sekolah?" in confirmations(dinas)  # asked before

    # 3. the school sees the note beside the faulty paper, replaces it and submits again
    switch_to(school, "sd.op")
    school.goto(request_url)
    assert "Ijazah SMA buram" in school.inner_text("[data-testid=fault-note]")
    school.set_input_files("input[name=r-ijazah_sma-upload]", str(ktp))
    with school.expect_navigation():
        school.click("[data-testid=attach-all]")
    expect(school.locator(".msg-success")).to_contain_text("1 dokumen dilampirkan")
    with school.expect_navigation():
        school.click("[data-testid=submit]")
    school.wait_for_selector("[data-testid=status]")
    assert "Menunggu Dinas" in school.inner_text("[data-testid=status]")

    # 4. Dinas, LPMP and PDSPK approve in turn (the papers shown inline as stand-ins from here)
    papers_as_stand_ins(school.context)
    assert "LPMP" in approve_in_browser(school, "dinas_kota.op", sub)
    assert "PDSPK" in approve_in_browser(school, "lpmp.op", sub)
    assert "NUPTK" in approve_in_browser(school, "pdspk.op", sub)
    sub.refresh_from_db()
    assert sub.state == "approved" and len(sub.result_nuptk) == 16

    # 5. the PTK sees the NUPTK and prints S11
    me = switch_to(school, "andi.ptk")
    me.click("text=Ajuan NUPTK")
    me.click(f"text={sub.code}")
    assert sub.result_nuptk in me.inner_text("[data-testid=issued-nuptk]")
    href = me.get_attribute("[data-testid=letter-S11]", "href")
    resp = me.request.get(live_server.url + href)
    assert resp.status == 200 and resp.headers["content-type"] == "application/pdf"
    assert resp.body()[:4] == b"%PDF"
    screenshot(me, path="/tmp/padamu-nuptk-issued.png", full_page=True)
    me.context.close()
