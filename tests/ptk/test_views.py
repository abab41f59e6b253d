import csv
import io

import pytest
from django.urls import reverse

from accounts.models import Role
from ptk.models import PtkChange
from tests.factories import assign, login_as, user

from .conftest import enter, issue_s02, nik_for, ptk_data

pytestmark = pytest.mark.django_db


def _post_entry(client, **over):
    d = ptk_data(**over)
    form = {k: ("on" if v is True else v) for k, v in d.items() if v is not False}
    form["birth_date"] = d["birth_date"].isoformat()
    return client.post(reverse("ptk:enter"), form), d


def test_school_enters_a05_and_gets_s02_until_marked_printed(client, world):
    from documents.models import Letter

    login_as(client, world.roles["sd_op"])
    r, d = _post_entry(client, name="Budi Santoso")
    letter = Letter.objects.get(code="S02")
    ptk = letter.subject_id
    page = reverse("ptk:s02_letter", args=[ptk, letter.pk])
    assert r.status_code == 302 and r["Location"] == page  # post/redirect/get
    html = client.get(page).content.decode()
    assert "RAHASIA" in html and "Budi Santoso" in html and "data:application/pdf" not in html
    # Reloading the page or downloading twice issues no new letter number.
    pdf_url = reverse("ptk:s02_pdf", args=[ptk, letter.pk])
    for _i in range(2):
        client.get(page)
        pdf = client.get(pdf_url)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert "no-store" in pdf["Cache-Control"]
    assert Letter.objects.filter(code="S02").count() == 1
    # Leaving and coming back: the PTK page leads back to the unprinted S02.
    detail = client.get(reverse("ptk:detail", args=[ptk])).content.decode()
    assert 'data-testid="s02-unprinted"' in detail and page in detail
    # "Sudah dicetak": the code leaves the session, the PDF is gone, the page says why.
    r = client.post(reverse("ptk:s02_printed", args=[ptk, letter.pk]), follow=True)
    assert "ditandai sudah dicetak" in r.content.decode()
    assert 'data-testid="s02-unprinted"' not in r.content.decode()
    assert client.get(pdf_url).status_code == 404
    assert 'data-testid="s02-gone"' in client.get(page).content.decode()
    assert client.session["padamu_s02_unprinted"] == {}


def test_s02_pdf_carries_the_code_that_activates(client, world):
    from pypdf import PdfReader

    from documents.models import Letter
    from ptk.models import Ptk

    login_as(client, world.roles["sd_op"])
    _post_entry(client, name="Budi Santoso")
    letter = Letter.objects.get(code="S02")
    code = client.session["padamu_s02_unprinted"][str(letter.pk)]["code"]
    pdf = client.get(reverse("ptk:s02_pdf", args=[letter.subject_id, letter.pk])).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert code in text
    assert code not in str(letter.data)  # the snapshot never holds it
    assert Ptk.objects.get(pk=letter.subject_id).user.username in text


def test_another_operator_cannot_fetch_an_s02_issued_in_someone_elses_session(client, world):
    from documents.models import Letter

    login_as(client, world.roles["sd_op"])
    _post_entry(client, name="Budi Santoso")
    letter = Letter.objects.get(code="S02")
    other = world.roles["smp_op"]
    login_as(client, other)
    assert client.get(reverse("ptk:s02_pdf", args=[letter.subject_id, letter.pk])).status_code == 404


def test_duplicate_entry_is_stopped_with_a_message(client, world):
    first = enter(world.inst["sd_sleman"], world.roles["sd_sleman_op"])
    login_as(client, world.roles["sd_op"])
    r, _d = _post_entry(client, nik=first.nik, birth_date=first.birth_date, sex=first.sex)
    assert r.status_code == 200
    assert "sudah terdaftar" in r.content.decode() and "SD Negeri Sleman Uji" in r.content.decode()


def test_entry_shows_field_error_for_bad_nik(client, world):
    login_as(client, world.roles["sd_op"])
    r, _d = _post_entry(client, nik="3471011203900000")
    assert "nomor urut tidak boleh 0000" in r.content.decode()


def test_office_cannot_enter(client, world):
    login_as(client, world.roles["dinas_kota_op"])
    assert client.get(reverse("ptk:enter")).status_code == 403


def test_ptk_activation_page_and_login(client, world):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    _r, code = issue_s02(p, world.roles["sd_op"])
    url = reverse("ptk:activate")
    base = {
        "username": p.pegid,
        "code": code,
        "password1": "Kata-Sandi-Guru-9",
        "password2": "Kata-Sandi-Guru-9",
    }
    r = client.post(url, {**base, "birth_date": "2001-01-01"})
    assert r.status_code == 200 and "tidak cocok" in r.content.decode()
    r = client.post(url, {**base, "birth_date": p.birth_date.isoformat()})
    assert r.status_code == 302
    r = client.post(reverse("accounts:login"), {"username": p.pegid, "password": "Kata-Sandi-Guru-9"})
    assert r.status_code == 302
    r = client.get(reverse("ptk:me"))
    assert r.status_code == 302 and r.url == reverse("ptk:detail", args=[p.pk])
    r = client.post(url, {**base, "birth_date": p.birth_date.isoformat()})
    assert "tidak cocok" in r.content.decode() or "sudah dipakai" in r.content.decode()


def test_ptk_edits_own_contacts_sees_history_and_master_is_read_only(client, sd_ptk, ptk_role):
    login_as(client, ptk_role)
    r = client.get(reverse("ptk:detail", args=[sd_ptk.pk]))
    html = r.content.decode()
    assert "RAHASIA" in html and "Data pribadi" in html
    assert reverse("ptk:master_help") in html
    r = client.post(
        reverse("ptk:contacts", args=[sd_ptk.pk]),
        {"phone": "0811-1111-222", "address": "Jl. Melati 3", "email": "", "postal_code": "", "religion": ""},
    )
    assert r.status_code == 302
    r = client.get(reverse("ptk:changes", args=[sd_ptk.pk]))
    assert "08111111222" in r.content.decode() and "Jl. Melati 3" in r.content.decode()
    # History table through the view.
    r = client.post(
        reverse("ptk:history_add", args=[sd_ptk.pk, "diklat"]),
        {"name": "Diklat Kurikulum Merdeka", "organizer": "BBGP", "year": "2024", "hours": "32"},
    )
    assert r.status_code == 302
    assert PtkChange.objects.filter(ptk=sd_ptk, table="diklat", action="create").exists()
    # The PTK cannot touch staffing or issue S02.
    assert client.get(reverse("ptk:staffing", args=[sd_ptk.pk])).status_code == 403
    assert client.post(reverse("ptk:s02", args=[sd_ptk.pk])).status_code == 403


def test_ptk_cannot_reach_another_ptk(client, world, sd_ptk, ptk_role):
    other = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, ptk_role)
    for name in ("detail", "changes", "documents", "contacts", "photo"):
        assert client.get(reverse(f"ptk:{name}", args=[other.pk])).status_code == 404, name
    assert client.get(reverse("ptk:history_add", args=[other.pk, "keluarga"])).status_code == 404


def test_school_cannot_reach_another_schools_ptk(client, world):
    other = enter(world.inst["sd_sleman"], world.roles["sd_sleman_op"])
    login_as(client, world.roles["sd_op"])
    for name in ("detail", "changes", "documents", "contacts"):
        assert client.get(reverse(f"ptk:{name}", args=[other.pk])).status_code == 404, name
    assert client.post(reverse("ptk:s02", args=[other.pk])).status_code == 404
    r = client.get(reverse("ptk:list"))
    assert other.name not in r.content.decode()


def test_other_school_sees_ptk_who_also_teaches_there(client, world):
    from accounts.scope import ActiveRole
    from ptk.services import ptk_school_add

    p = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles["smp_op"])
    assert client.get(reverse("ptk:detail", args=[p.pk])).status_code == 404
    ptk_school_add(
        ptk=p,
        school=world.inst["smp"],
        actor=world.roles["sd_op"].user,
        role=ActiveRole(world.roles["sd_op"]),
    )
    r = client.get(reverse("ptk:detail", args=[p.pk]))
    assert r.status_code == 200
    assert (
        "Reset akun" not in r.content.decode() and "Verval level 1" not in r.content.decode()
    )  # only the home school


@pytest.mark.parametrize(
    "role_key,sees",
    [
        ("dinas_kota_op", True),
        ("lpmp_op", True),
        ("pdspk_op", True),
        ("dinas_prov_op", False),
        ("dinas_sleman_op", False),
        ("lpmp_jabar_op", False),
        ("kec_op", False),
    ],
)
def test_offices_see_ptk_of_their_scope(client, world, role_key, sees):
    p = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles[role_key])
    assert client.get(reverse("ptk:detail", args=[p.pk])).status_code == (200 if sees else 404)
    assert (p.name in client.get(reverse("ptk:list")).content.decode()) is sees
    assert client.get(reverse("ptk:changes", args=[p.pk])).status_code == (200 if sees else 404)


def test_list_search_and_filters(client, world):
    a = enter(world.inst["sd"], world.roles["sd_op"], name="Ahmad Dahlan", ptk_type=4)
    b = enter(world.inst["sd"], world.roles["sd_op"], name="Kartini", ptk_type=3, nuptk="1234567890123456")
    login_as(client, world.roles["sd_op"])

    def names(**q):
        html = client.get(reverse("ptk:list"), q).content.decode()
        return {n for n in (a.name, b.name) if n in html}

    assert names() == {a.name, b.name}
    assert names(q="ahm") == {a.name}
    assert names(q="dahl") == {a.name}  # the start of any word of the name
    assert names(q="hmad") == set()  # not any substring (docs/adr/0100-name-search.md)
    r = client.get(reverse("ptk:list"), {"q": "ka", "ptk_type": 4})
    assert "paling sedikit 3 huruf" in r.content.decode() and list(r.context["page"].items) == [a]
    assert names(q=a.nik) == {a.name}
    assert names(q=a.pegid) == {a.name}
    assert names(q="1234567890123456") == {b.name}
    assert names(ptk_type=4) == {a.name}
    assert names(nuptk_status="none") == {a.name, b.name}
    assert names(employment_status=1) == set()


def test_list_query_count_is_constant(client, world, django_assert_max_num_queries):
    for _i in range(3):
        enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles["dinas_kota_op"])
    url = reverse("ptk:list")
    with django_assert_max_num_queries(6):
        client.get(url)
    for _i in range(30):
        enter(world.inst["sd"], world.roles["sd_op"])
    with django_assert_max_num_queries(6):
        r = client.get(url)
    assert r.context["page"].has_next
    with django_assert_max_num_queries(6):
        client.get(url, {"setelah": r.context["page"].next_cursor, "ptk_type": 3})
    login_as(client, world.roles["sd_op"])
    with django_assert_max_num_queries(6):
        client.get(url, {"q": "Guru"})


def test_keyset_pages_cover_everyone_once(client, world):
    made = {enter(world.inst["sd"], world.roles["sd_op"]).pk for _i in range(30)}
    login_as(client, world.roles["sd_op"])
    seen, cursor = [], None
    while True:
        r = client.get(reverse("ptk:list"), {"setelah": cursor} if cursor else {})
        seen += [p.pk for p in r.context["page"].items]
        cursor = r.context["page"].next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(made)


def test_export_csv_and_xlsx(client, world):
    enter(world.inst["sd"], world.roles["sd_op"], name="Dewi Sartika")
    enter(world.inst["sd_sleman"], world.roles["sd_sleman_op"], name="Orang Sleman")
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("ptk:export"), {"format": "csv"})
    body = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Nama" and [row[0] for row in rows[1:]] == ["Dewi Sartika"]
    r = client.get(reverse("ptk:export"), {"format": "xlsx"})
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    values = [row[0] for row in wb.active.iter_rows(values_only=True)]
    assert values == ["Nama", "Dewi Sartika"]


def test_ptk_role_menu_and_home_panel(client, sd_ptk, ptk_role, world):
    login_as(client, ptk_role)
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("ptk:me") in html and sd_ptk.name in html
    login_as(client, world.roles["dinas_kota_op"])
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="count-ptk"' in html and reverse("ptk:list") in html


def test_ptk_without_record_sees_explanation(client, world):
    a = assign(user("guru.tanpa.data"), Role.PTK)
    login_as(client, a)
    assert "belum terhubung" in client.get(reverse("ptk:me")).content.decode()


def test_reset_issues_new_s02_page(client, sd_ptk, world):
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("ptk:s02", args=[sd_ptk.pk]), follow=True)
    assert r.status_code == 200 and "direset" in r.content.decode()
    sd_ptk.user.refresh_from_db()
    assert not sd_ptk.user.has_usable_password()


def test_nik_helper_matches_sex():
    from datetime import date

    assert nik_for(date(1990, 1, 5), "P", seq=1)[6:8] == "45"


def test_a01_a05_pdfs_blank_and_prefilled(client, world):
    from pypdf import PdfReader

    p = enter(world.inst["sd"], world.roles["sd_op"], name="Yusuf Hidayat", nuptk="3034748651200012")
    login_as(client, world.roles["sd_op"])
    r = client.get(reverse("ptk:form_blank", args=["A05"]))
    assert r["Content-Type"] == "application/pdf"
    text = "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(r.content)).pages)
    assert "SD NEGERI 1 UJI" in text and "Yusuf" not in text
    r = client.post(reverse("ptk:form_pdf", args=[p.pk, "A01"]))
    text = "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(r.content)).pages)
    assert "Yusuf Hidayat" in text and "3034748651200012" in text
    assert client.get(reverse("ptk:form_blank", args=["S02"])).status_code == 404
    login_as(client, world.roles["sd_sleman_op"])
    assert client.post(reverse("ptk:form_pdf", args=[p.pk, "A01"])).status_code == 404


def test_ptk_fills_eds_and_prints_s03(client, sd_ptk, ptk_role):
    from pypdf import PdfReader

    from ptk.models import PtkEds

    login_as(client, ptk_role)
    assert client.post(reverse("ptk:s03")).status_code == 302  # refused before the EDS: back with a message
    r = client.get(reverse("ptk:eds"))
    assert "Saya menyusun rencana pembelajaran" in r.content.decode()
    answers = {f"q{i}": str((i % 4) + 1) for i in range(1, 9)}
    assert client.post(reverse("ptk:eds"), answers).status_code == 302
    assert PtkEds.objects.get(ptk=sd_ptk).answers == answers
    assert PtkChange.objects.filter(ptk=sd_ptk, table="eds").count() == 8
    r = client.post(reverse("ptk:s03"))
    assert r["Content-Type"] == "application/pdf"
    text = "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(r.content)).pages)
    assert sd_ptk.name in text and "Kuesioner EDS (8 jawaban)" in text
    # An incomplete questionnaire is refused with the fields marked.
    r = client.post(reverse("ptk:eds"), {"q1": "2"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()


def test_change_history_page_query_count_is_constant(
    client, sd_ptk, ptk_role, world, django_assert_max_num_queries
):
    from accounts.scope import ActiveRole
    from ptk.services import ptk_update_contacts

    url = reverse("ptk:changes", args=[sd_ptk.pk])
    login_as(client, world.roles["dinas_kota_op"])
    with django_assert_max_num_queries(9):
        client.get(url)
    for i in range(60):
        ptk_update_contacts(
            ptk=sd_ptk, changes={"phone": f"08{i:09d}"}, actor=sd_ptk.user, role=ActiveRole(ptk_role)
        )
    with django_assert_max_num_queries(9):
        r = client.get(url)
    assert r.context["page"].has_next
    with django_assert_max_num_queries(9):
        client.get(url, {"setelah": r.context["page"].next_cursor})


def test_school_verifies_existing_nuptk_holder_from_a01(client, world):
    from ptk.models import NuptkStatus

    p = enter(world.inst["sd"], world.roles["sd_op"], nuptk="5752766667130099")
    login_as(client, world.roles["sd_op"])
    html = client.get(reverse("ptk:detail", args=[p.pk])).content.decode()
    assert "Verval level 1: terbitkan S02" in html
    r = client.post(reverse("ptk:s02", args=[p.pk]), follow=True)
    assert r.status_code == 200 and 'data-testid="s02-download"' in r.content.decode()
    p.refresh_from_db()
    assert p.nuptk_status == NuptkStatus.SEMENTARA_AKTIF and p.user.username == "5752766667130099"
    assert p.pegid is None
    # Another school's operator cannot issue it.
    login_as(client, world.roles["smp_op"])
    assert client.post(reverse("ptk:s02", args=[p.pk])).status_code == 404


def test_school_edits_staffing_with_history_and_bad_nip_keeps_the_form(client, world, sd_ptk):
    login_as(client, world.roles["sd_op"])
    url = reverse("ptk:staffing", args=[sd_ptk.pk])
    base = {
        "nip": "",
        "employment_status": "8",
        "ptk_type": "4",
        "qualification": "S1",
        "in_dapodik": "on",
        "has_rombel": "on",
    }
    r = client.post(url, {**base, "nip": "12345"})
    assert r.status_code == 200 and "NIP harus terdiri dari tepat 18 angka." in r.content.decode()
    assert 'value="S1"' in r.content.decode(), "what the user typed stays on the form"
    assert client.post(url, base).status_code == 302
    sd_ptk.refresh_from_db()
    assert (sd_ptk.employment_status, sd_ptk.ptk_type) == (8, 4)
    assert PtkChange.objects.filter(ptk=sd_ptk, field="employment_status").exists()
    # offices over the school read but do not edit; another school cannot reach the record
    login_as(client, world.roles["dinas_kota_op"])
    assert client.post(url, base).status_code in (403, 404)
    login_as(client, world.roles["sd_sleman_op"])
    assert client.post(url, base).status_code == 404
