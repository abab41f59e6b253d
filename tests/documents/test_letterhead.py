"""The letterhead page: an institution's admin (or the admin of the level above) keeps its address,
city, contact data, logo and head; letters issued afterwards print them; everyone else is refused."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Official
from documents.forms import nip_problem
from documents.models import LetterheadVersion
from tests.factories import login_as

from .conftest import issue_sample, pdf_text

pytestmark = pytest.mark.django_db

CONTACT = {
    "action": "contact",
    "address": "Jl. Hayam Wuruk No. 11, Yogyakarta 55212",
    "city": "Yogyakarta",
    "phone": "(0274) 512956",
    "email": "disdik@jogjakota.go.id",
    "website": "https://pendidikan.jogjakota.go.id/",
}
HEAD = {
    "action": "appoint",
    "name": "Drs. Budi Santosa, M.Pd.",
    "nip": "196805121994031007",
    "rank": "Pembina Utama Muda (IV/c)",
    "title": "",
    "start": "2025-01-02",
}


def png(size=(300, 200), fmt="PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 60, 160)).save(buf, format=fmt)
    return buf.getvalue()


def url(world, key):
    return reverse("documents:letterhead", args=[world.inst[key].pk])


def test_dinas_admin_keeps_contact_and_head_and_letters_print_them(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(url(world, "dinas_kota"), CONTACT)
    assert r.status_code == 302
    r = client.post(url(world, "dinas_kota"), HEAD)
    assert r.status_code == 302
    page = client.get(url(world, "dinas_kota")).content.decode()
    assert "Drs. Budi Santosa, M.Pd." in page and "19680512 199403 1 007" in page
    assert "pendidikan.jogjakota.go.id" in page and "Yogyakarta, " in page
    text = pdf_text(issue_sample(world, "S09").pdf)
    for s in ("Jl. Hayam Wuruk No. 11", "(0274) 512956", "disdik@jogjakota.go.id", "pendidikan.jogjakota.go.id",
              "Drs. Budi Santosa, M.Pd.", "Pembina Utama Muda (IV/c)", "NIP. 19680512 199403 1 007"):  # fmt: skip
        assert s in text, s
    assert "https://" not in text.split("Nomor")[0]  # the website is printed without its scheme


def test_a_new_head_signs_from_the_start_date_and_history_is_kept(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    client.post(url(world, "dinas_kota"), HEAD)
    start = timezone.localdate() + timedelta(days=10)
    client.post(url(world, "dinas_kota"), {**HEAD, "name": "Dra. Endang Lestari", "nip": "197104152000032001",
                                           "start": start.isoformat()})  # fmt: skip
    rows = list(Official.objects.filter(institution=world.inst["dinas_kota"]).order_by("start"))
    assert [o.name for o in rows] == ["Drs. Budi Santosa, M.Pd.", "Dra. Endang Lestari"]
    assert rows[0].end == start - timedelta(days=1) and rows[1].end is None
    assert "Drs. Budi Santosa" in pdf_text(issue_sample(world, "S09").pdf)  # today: still the first
    page = client.get(url(world, "dinas_kota")).content.decode()
    assert "Dra. Endang Lestari" in page and "Drs. Budi Santosa, M.Pd." in page


def test_contact_edits_are_versions(client, world):
    login_as(client, world.roles["sd_admin"])
    client.post(url(world, "sd"), CONTACT)
    client.post(url(world, "sd"), {**CONTACT, "address": "Jl. Baru 2"})
    assert LetterheadVersion.objects.filter(institution=world.inst["sd"]).count() == 2
    world.inst["sd"].refresh_from_db()
    assert world.inst["sd"].address == "Jl. Baru 2"
    assert "Jl. Hayam Wuruk" in client.get(url(world, "sd")).content.decode()  # the history


def test_the_dinas_admin_keeps_the_data_of_a_school_it_covers(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(url(world, "sd"), {**HEAD, "name": "Sri Handayani, S.Pd.", "nip": "197608172005012003",
                                       "rank": "Pembina (IV/a)"})  # fmt: skip
    assert r.status_code == 302
    assert Official.objects.get(institution=world.inst["sd"]).name == "Sri Handayani, S.Pd."


@pytest.mark.parametrize(
    "role,target",
    [("sd_op", "sd"), ("dinas_kota_op", "dinas_kota"), ("sd_admin", "smp"), ("dinas_sleman_admin", "sd"),
     ("lpmp_jabar_admin", "lpmp"), ("sd_admin", "dinas_kota")],
)  # fmt: skip
def test_others_cannot_change_the_letterhead(client, world, role, target):
    login_as(client, world.roles[role])
    for data in (CONTACT, HEAD):
        r = client.post(url(world, target), data)
        assert r.status_code in (403, 404), (role, target, r.status_code)
    assert not LetterheadVersion.objects.exists() and not Official.objects.exists()


def test_an_operator_sees_the_page_without_forms(client, world):
    login_as(client, world.roles["sd_op"])
    r = client.get(url(world, "sd"))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="action"' not in html and "belum tercatat" in html


def test_an_office_outside_the_region_does_not_see_the_page(client, world):
    login_as(client, world.roles["dinas_bdg_admin"])
    assert client.get(url(world, "sd")).status_code == 404


@pytest.mark.parametrize(
    "nip,msg",
    [("19680512199403100", "18 angka"), ("19681312199403 1007", "tanggal lahir"), ("196805121994131007", "pengangkatan"),
     ("196805121994033007", "laki-laki"), ("196805121994031000", "000")],
)  # fmt: skip
def test_a_malformed_nip_is_refused_with_the_reason(client, world, nip, msg):
    login_as(client, world.roles["sd_admin"])
    r = client.post(url(world, "sd"), {**HEAD, "nip": nip}, follow=True)
    assert msg in r.content.decode()
    assert not Official.objects.exists()


def test_nip_rules():
    assert nip_problem("196805121994031007") == ""
    assert nip_problem("198305162019211001") == ""  # PPPK: year + 21
    assert nip_problem("19680512199403100") != ""


def test_rank_without_nip_and_backdated_appointments_are_refused(client, world):
    login_as(client, world.roles["sd_admin"])
    r = client.post(url(world, "sd"), {**HEAD, "nip": ""}, follow=True)
    assert "hanya untuk ASN" in r.content.decode()
    client.post(url(world, "sd"), HEAD)
    r = client.post(
        url(world, "sd"), {**HEAD, "name": "Lain", "nip": "", "rank": "", "start": "2024-01-01"}, follow=True
    )
    assert "Tanggal mulai harus sesudah" in r.content.decode()
    assert Official.objects.count() == 1


def test_ending_a_term_leaves_the_name_blank_on_later_letters(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    client.post(url(world, "dinas_kota"), HEAD)
    o = Official.objects.get()
    yesterday = timezone.localdate() - timedelta(days=1)
    r = client.post(
        url(world, "dinas_kota"), {"action": "end", "official": o.pk, "end": yesterday.isoformat()}
    )
    assert r.status_code == 302
    o.refresh_from_db()
    assert o.end == yesterday
    text = pdf_text(issue_sample(world, "S09").pdf)
    assert "Budi Santosa" not in text and "NIP. ....." in text


def test_a_logo_is_checked_reencoded_and_printed(client, world):
    login_as(client, world.roles["sd_admin"])
    r = client.post(url(world, "sd"), {**CONTACT, "logo": SimpleUploadedFile("logo.jpg", png(fmt="JPEG"))})
    assert r.status_code == 302
    v = LetterheadVersion.objects.get()
    img = Image.open(io.BytesIO(bytes(v.logo)))
    assert img.format == "PNG" and max(img.size) <= 240
    issued = issue_sample(world, "S04")  # issued by the school
    assert issued.letter.letterhead["logo_id"] == v.pk
    from documents.letters import letter_html

    assert "data:image/png;base64," in letter_html(issued.letter).split('class="lines"')[0]
    # a later edit keeps the logo; "remove" drops it
    client.post(url(world, "sd"), {**CONTACT, "address": "Jl. Lain 3"})
    assert LetterheadVersion.objects.order_by("-pk").first().logo_sha256 == v.logo_sha256
    client.post(url(world, "sd"), {**CONTACT, "remove_logo": "on"})
    assert LetterheadVersion.objects.order_by("-pk").first().logo_sha256 == ""


@pytest.mark.parametrize(
    "name,data,msg",
    [("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "tidak dapat dibaca"),
     ("logo.gif", b"GIF89a" + b"\x00" * 40, "tidak dapat dibaca"),
     ("logo.png", png()[:60], "tidak dapat dibaca"),
     ("besar.png", b"\x89PNG" + b"\x00" * (301 * 1024), "maksimal 300 KB")],
)  # fmt: skip
def test_a_bad_logo_is_refused_and_nothing_is_kept(client, world, name, data, msg):
    login_as(client, world.roles["sd_admin"])
    r = client.post(url(world, "sd"), {**CONTACT, "logo": SimpleUploadedFile(name, data)})
    assert r.status_code == 200
    assert msg in r.content.decode()
    assert not LetterheadVersion.objects.exists()


def test_city_defaults_follow_the_office(world):
    from documents.letterhead import default_city

    assert default_city(world.inst["dinas_kota"]) == "Yogyakarta"
    assert default_city(world.inst["lpmp"]) == "Yogyakarta"  # the province's capital, not its name
    assert default_city(world.inst["lpmp_jabar"]) == "Bandung"
    assert default_city(world.inst["atdikbud"]) == "Kuala Lumpur"
