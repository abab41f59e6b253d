"""Real Chromium: the destination Dinas finds a completed incoming move under "Mutasi masuk" and
archives it with the confirmation (SM05 appears); the Dinas prints the S03 of its supervisor from
the supervisor's page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role, User
from ptk.services import ptk_eds_save
from tests.browser import open_as, switch_to
from tests.factories import confirmations
from tests.nuptk.conftest import approve, scope_of
from tests.nuptk.test_mutasi import _draft, _home_ptk
from tests.nuptk.test_pengawas import _register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sleman_archives_an_incoming_move_and_kota_prints_its_supervisors_s03(chromium, live_server, world):
    from nuptk import services as svc

    ptk = _home_ptk(world, name="Rina Pindah")
    op, sub = _draft(world, ptk, world.inst["sd_sleman"])
    svc.submission_submit(scope=op, pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk)
    approve(scope=scope_of(world.roles["dinas_sleman_op"]), pk=sub.pk)

    page = open_as(chromium, live_server, "dinas_sleman.op")
    page.goto(live_server.url + "/ajuan/")
    page.click("[data-testid=incoming-link]")
    expect(page.locator("h1")).to_have_text("Mutasi masuk")
    page.get_by_role("link", name=sub.code).click()
    page.click("[data-testid=archive]")
    expect(page.locator("[data-testid=letter-SM05]")).to_be_visible()
    expect(page.get_by_text("Berkas ajuan diarsipkan")).to_be_visible()
    expect(page.locator("[data-testid=archive]")).to_have_count(0)
    assert any("Arsipkan" in q for q in confirmations(page))

    supervisor, _a06 = _register(world)
    switch_to(page, "dinas_kota.op")
    page.goto(f"{live_server.url}/ptk/{supervisor.pk}/")
    expect(page.locator("[data-testid=ptk-home]")).to_contain_text("Instansi induk")
    page.click("[data-testid=s02-button]")  # the Dinas issues the account code (confirmed)
    expect(page).to_have_url(re.compile(r"/s02/\d+/$"))
    ptk_eds_save(
        ptk=supervisor,
        answers={f"q{i}": "4" for i in range(1, 9)},
        actor=User.objects.get(ptk=supervisor),
        role=Role.PTK,
    )  # the supervisor answers the EDS after activating the account
    page.goto(f"{live_server.url}/ptk/{supervisor.pk}/")
    page.click("[data-testid=print-s03-office]")
    expect(page.locator("[data-testid=reg-letter-S03]")).to_be_visible()
    expect(page.get_by_text("diterbitkan; unduh dari bagian Registrasi")).to_be_visible()
    page.context.close()
