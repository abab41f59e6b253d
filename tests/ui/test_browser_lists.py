"""Real Chromium through page 2 of every list and each export (issue 15).

For every list of ``LISTS`` in tests/test_security_pages.py: more rows than one page are seeded in
the scope of a role that sees the list (plus rows the filter must leave out), the role logs in,
applies the list's search or filter where it has one, clicks "Berikutnya" and page 2 must show the
next rows (none of page 1) with the filter still applied. The lists with an export download their
CSV and XLSX through the links on the page: the CSV rows are the filtered rows, the XLSX is a real
workbook with them. One live server, one browser context and one seeding for the whole walk.
"""

import csv
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import DataAccess, Role, RoleInvitation, SchoolAccountRequest
from documents.letters import letter_create
from documents.models import Complaint
from exchange.models import DapodikExport
from nuptk import services as svc
from nuptk.models import Submission
from ptk.models import Registration
from tests.browser import switch_to
from tests.factories import assign, school, user
from tests.nuptk.conftest import make_ptk, scope_of
from tests.test_security_pages import LISTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

N = 30  # rows in the filter; a page holds 25
ROWS = "main table tr:has(td)"


def seed(world):
    """Rows of every list: N that match the list's filter, a few that do not."""
    w = world
    sd, kota = w.inst["sd"], w.inst["dinas_kota"]
    sd_op = scope_of(w.roles["sd_op"])
    now = timezone.now()
    ptks = [make_ptk(sd, name=f"Guru Halaman {i:02d}") for i in range(N)]
    others = [make_ptk(sd, name=f"Orang Lain {i}") for i in range(3)]
    for p in ptks + others:  # requests of the school, all waiting at the Dinas
        svc.submission_create(scope=sd_op, ptk=p, kind="foto")
    Submission.objects.filter(ptk__in=ptks + others).update(
        state="at_dinas", waiting_at_id=kota.pk, waiting_since=now, request_date=now.date()
    )
    # requests that moved PTK into Sleman's schools from another Dinas, completed ("Mutasi masuk")
    movers = [make_ptk(sd, name=f"Guru Masuk {i:02d}") for i in range(N)]
    for p in movers:
        svc.submission_create(scope=sd_op, ptk=p, kind="foto")
    Submission.objects.filter(ptk__in=movers).update(state="approved", to_dinas_id=w.inst["dinas_sleman"].pk)
    # registrations waiting for the school's check and for the Dinas (pages of 100)
    for state in ("s03", "pact"):  # RegState.SUBMITTED, RegState.PACT_SIGNED
        for i in range(101):
            reg = Registration.objects.create(ptk=make_ptk(sd, name=f"Guru Registrasi {state} {i:03d}"))
            Registration.objects.filter(pk=reg.pk).update(state=state)
    for i in range(N):
        extra = school(district=sd.district, name=f"SD Halaman {i:02d}")
        SchoolAccountRequest.objects.create(
            school=extra, dinas_id=extra.dinas_id, qa_office_id=extra.qa_office_id, state="at_qa",
            applicant_name=f"Calon {i}",
        )  # fmt: skip
        Complaint.objects.create(
            subject_type="letter", subject_id="1", subject_label=f"Surat {i}", owner=kota, school=sd,
            filed_by=w.roles["sd_op"].user, text=f"Pengaduan uji {i:02d}.",
        )  # fmt: skip
        assign(user(f"operator.halaman.{i:02d}"), Role.OPERATOR, sd)
        letter_create(
            code="S04", issuer=w.roles["sd_op"].user, issuer_role="operator", institution=sd,
            subject_type="ptk", subject_id=ptks[i].pk, subject_name=ptks[i].name, data={"ptk": {}}, school=sd,
        )  # fmt: skip
    school(district=sd.district, name="SD Lain")
    RoleInvitation.objects.bulk_create(
        RoleInvitation(username=f"undangan.{i:02d}", role=Role.OPERATOR, institution=sd,
                       invited_by=w.roles["dinas_kota_admin"].user, expires_at=now + timedelta(days=7))
        for i in range(N)
    )  # fmt: skip
    DataAccess.objects.bulk_create(
        DataAccess(actor=w.roles["sd_op"].user, role="operator", institution=sd, action="view",
                   subject_type="ptk", subject_id=str(p.pk), subject_label=p.name, school=sd, dinas=kota)
        for p in ptks + others
    )  # fmt: skip
    DapodikExport.objects.bulk_create(
        DapodikExport(requested_by=w.roles["sd_op"].user, level="sekolah", target=sd.npsn,
                      target_name=f"Ekspor {i:02d}", status="failed")
        for i in range(N)
    )  # fmt: skip
    from accounts.scope import ActiveRole
    from exchange.services import api_client_create

    for i in range(N):
        api_client_create(
            active=ActiveRole(w.roles["sd_admin"]), name=f"Aplikasi {i:02d}", actor=w.roles["sd_admin"].user
        )


# url name -> (username key, query string applied, text every row of the filter shows, rows in the
# filter, page size, export link test ids)
CASES = {
    "ptk:list": ("sd_op", "q=Halaman", "Guru Halaman", N, 25, ("Ekspor CSV", "Ekspor XLSX")),
    "ptk:reg_batch_school": ("sd_op", "", "Guru Registrasi s03", 101, 100, ()),
    "ptk:reg_batch_dinas": ("dinas_kota_op", "", "Guru Registrasi pact", 101, 100, ()),
    "accounts:school_accounts": ("dinas_kota_op", "status=at_qa", "SD Halaman", N, 25, ()),
    "documents:complaints": ("dinas_kota_op", "", "Pengaduan uji", N, 25, ()),
    "nuptk:list": ("sd_op", "q=Halaman", "Guru Halaman", N, 25, ("export-csv", "export-xlsx")),
    "nuptk:queue": ("dinas_kota_op", "q=Halaman", "Guru Halaman", N, 25, ("export-csv", "export-xlsx")),
    "nuptk:incoming": ("dinas_sleman_op", "q=Masuk", "Guru Masuk", N, 25, ()),
    "accounts:users": ("dinas_kota_admin", "q=halaman", "operator.halaman", N, 25, ()),
    "accounts:institutions": ("dinas_kota_op", "q=Halaman", "SD Halaman", N, 25, ()),
    "documents:letter_index": ("dinas_kota_op", "kode=S04", "S04", N, 25, ()),
    "accounts:invitations": ("dinas_kota_admin", "", "undangan.", N, 25, ()),
    "accounts:access_log": ("dinas_kota_admin", "q=Halaman", "Guru Halaman", N, 25, ()),
    "exchange:export_index": ("sd_op", "", "Ekspor", N, 25, ()),
    "exchange:client_index": ("sd_admin", "", "Aplikasi", N, 25, ()),
}


def test_every_list_is_in_the_walk():
    assert {name for name, _role in LISTS} == set(CASES)


def _rows(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(ROWS).all_inner_texts()]


def _download(page, link: str) -> tuple[str, bytes]:
    target = page.get_by_test_id(link) if link.startswith("export-") else page.get_by_role("link", name=link)
    with page.expect_download() as dl:
        target.click()
    with open(dl.value.path(), "rb") as fh:
        return dl.value.suggested_filename, fh.read()


def test_page_two_of_every_list_and_each_export(chromium, live_server, world):
    from django.urls import reverse

    seed(world)
    ctx = chromium.new_context(locale="id-ID", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    page.set_default_timeout(30000)
    page.base = live_server.url
    who = None
    problems = []
    for name, (role, query, marker, total, size, exports) in CASES.items():
        assignment = world.roles[role]
        if who != role:  # the login form: tests/accounts
            switch_to(page, assignment.user.username, assignment)
            who = role
        url = live_server.url + reverse(name) + (f"?{query}" if query else "")
        page.goto(url)
        first = _rows(page)
        mine1 = [r for r in first if marker in r]
        if len(mine1) != size:
            problems.append(f"{name}: page 1 shows {len(mine1)} of the {size} expected rows: {first[:3]}")
            continue
        page.get_by_test_id("next-page").click()
        expect(page).to_have_url(re.compile(r"[?&]setelah="))
        if query:
            expect(page).to_have_url(re.compile(re.escape(query)))
            key, value = query.split("=")
            field = page.locator(f"main [name={key}]").first
            if field.count():
                expect(field).to_have_value(value)
        second = _rows(page)
        mine2 = [r for r in second if marker in r]
        if set(first) & set(second):
            problems.append(f"{name}: page 2 repeats rows of page 1")
        if len(mine1) + len(mine2) != total:
            problems.append(f"{name}: pages 1 and 2 show {len(mine1)}+{len(mine2)} rows, {total} expected")
        if query and len(mine2) != len(second):
            problems.append(f"{name}: page 2 lost the filter: {[r for r in second if marker not in r][:3]}")
        for link in exports:
            page.goto(url)
            fname, body = _download(page, link)
            if fname.endswith(".xlsx"):
                assert zipfile.is_zipfile(io.BytesIO(body)), name
                from openpyxl import load_workbook

                ws = load_workbook(io.BytesIO(body)).active
                got = [
                    " ".join(str(c) for c in r if c is not None)
                    for r in ws.iter_rows(min_row=2, values_only=True)
                ]
            else:
                got = [" ".join(r) for r in list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]]
            hit = [r for r in got if marker in r]
            if len(got) != total or len(hit) != total:
                problems.append(f"{name} {fname}: {len(got)} rows, {len(hit)} matching, {total} expected")
    ctx.close()
    assert not problems, "\n".join(problems)
