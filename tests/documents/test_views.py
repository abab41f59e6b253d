"""Letter downloads through the scope, the public verification page, the gallery, and the S01
that comes with every activation code issued on the operator pages."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role, User
from documents.letters import letter_types
from documents.models import Letter
from tests.factories import assign, login_as, login_user, user

from .conftest import issue_sample, pdf_text

pytestmark = pytest.mark.django_db


# --- verification page ----------------------------------------------------------------------------


def test_verification_page_confirms_a_valid_letter_and_nothing_confidential(client, world):
    issued = issue_sample(world, "S02")  # confidential, carries a PTK's NIK and activation code
    letter = issued.letter
    r = client.get(reverse("documents:verify", args=[letter.token]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "TERDAFTAR" in html
    for shown in (letter.number, letter.subject_name, "S02", "SD Negeri 1 Uji"):
        assert shown in html
    for hidden in (letter.data["ptk"]["nik"], letter.data["ptk"]["mother_name"], "P3WN-8KLA-2ZQE"):
        assert hidden not in html
    assert "RAHASIA" in html


def test_verification_page_refuses_a_forged_token(client, world):
    token = issue_sample(world, "S04").letter.token
    forged = token[:5] + ("a" if token[5] != "a" else "b") + token[6:]
    r = client.get(reverse("documents:verify", args=[forged]))
    assert r.status_code == 404
    assert "tidak sah" in r.content.decode() and "TERDAFTAR" not in r.content.decode()


def test_verification_page_for_an_unknown_but_well_formed_token(client, world):
    from documents.letters import new_token

    r = client.get(reverse("documents:verify", args=[new_token()]))
    assert r.status_code == 404 and "tidak terdaftar" in r.content.decode()


def test_short_url_printed_under_the_qr_code_resolves(client, world, settings):
    settings.ROOT_URLCONF = "tests.documents.urls_root"
    letter = issue_sample(world, "S04").letter
    text = pdf_text(issue_sample(world, "S04").pdf)
    assert "/v/" in text
    r = client.get(f"/v/{letter.token}/")
    assert r.status_code == 200 and letter.number in r.content.decode()


# --- letter download through the scope ----------------------------------------------------------


def _pdf(client, letter):
    return client.get(reverse("documents:letter_pdf", args=[letter.pk]))


def test_letter_is_served_to_issuer_and_covering_offices(client, world):
    letter = issue_sample(world, "S04").letter  # issued by SD Negeri 1 Uji about its PTK
    for key in ("sd_op", "sd_admin", "dinas_kota_op", "lpmp_op", "pdspk_op"):
        login_as(client, world.roles[key])
        r = _pdf(client, letter)
        assert r.status_code == 200, key
        assert r["Content-Type"] == "application/pdf" and r["X-Content-Type-Options"] == "nosniff"
        assert letter.number in pdf_text(r.content)


@pytest.mark.parametrize(
    "key", ["smp_op", "sd_sleman_op", "dinas_sleman_op", "lpmp_jabar_op", "dinas_bdg_op"]
)
def test_letter_download_by_another_school_or_region_is_404(client, world, key):
    letter = issue_sample(world, "S04").letter
    login_as(client, world.roles[key])
    assert _pdf(client, letter).status_code == 404


def test_letter_download_by_another_ptk_is_404_and_by_its_subject_200(client, world):
    owner = user("ptk.pemilik")
    owner_role = assign(owner, Role.PTK)
    other_role = assign(user("ptk.lain"), Role.PTK)
    letter = issue_sample(world, "S08", subject_user=owner).letter
    login_as(client, other_role)
    assert _pdf(client, letter).status_code == 404
    login_as(client, owner_role)
    assert _pdf(client, letter).status_code == 200


def test_anonymous_is_sent_to_login(client, world):
    letter = issue_sample(world, "S04").letter
    r = _pdf(client, letter)
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


def test_confidential_letter_cannot_be_fetched_by_anyone_else(client, world):
    subject = user("ptk.rahasia")
    subject_role = assign(subject, Role.PTK)
    letter = issue_sample(world, "S02", subject_user=subject).letter  # issued by SD Negeri 1 Uji
    # the offices whose scope covers the school do not see a confidential letter
    for key in ("dinas_kota_op", "dinas_kota_admin", "lpmp_op", "pdspk_op", "smp_op", "kec_op"):
        login_as(client, world.roles[key])
        assert _pdf(client, letter).status_code == 404, key
    login_as(client, assign(user("ptk.lain2"), Role.PTK))
    assert _pdf(client, letter).status_code == 404
    # the issuing school and the PTK see it, without the code
    for role in (world.roles["sd_op"], subject_role):
        login_as(client, role)
        r = _pdf(client, letter)
        assert r.status_code == 200
        text = pdf_text(r.content)
        assert "P3WN-8KLA-2ZQE" not in text and "tidak dicetak ulang" in text


# --- gallery ------------------------------------------------------------------------------------


def test_gallery_is_for_superusers_only(client, world, superuser):
    login_as(client, world.roles["pdspk_admin"])
    assert client.get(reverse("documents:gallery")).status_code == 403
    assert client.get(reverse("documents:gallery_pdf", args=["S01"])).status_code == 403
    login_user(client, superuser)
    r = client.get(reverse("documents:gallery"))
    assert r.status_code == 200
    html = r.content.decode()
    for lt in letter_types():
        assert f'data-testid="gallery-{lt.code}"' in html


@pytest.mark.parametrize("code", ["A10", "S01", "SM05"])
def test_gallery_renders_sample_pdf_blank_form_and_png(client, superuser, code):
    login_user(client, superuser)
    r = client.get(reverse("documents:gallery_pdf", args=[code]))
    assert r.status_code == 200 and "CONTOH" in pdf_text(r.content)
    if code == "A10":
        blank = client.get(reverse("documents:gallery_pdf", args=[code]) + "?kosong=1")
        assert "Drs. Bambang" not in pdf_text(blank.content)
    png = client.get(reverse("documents:gallery_png", args=[code]))
    if png.status_code == 200:  # needs poppler's pdftoppm
        assert png.content.startswith(b"\x89PNG")
    assert client.get(reverse("documents:gallery_pdf", args=["X99"])).status_code == 404


def test_gallery_menu_entry_only_for_superusers(client, world):
    login_as(client, world.roles["pdspk_admin"])
    assert "Galeri surat" not in client.get(reverse("accounts:home")).content.decode()
    su = world.roles["pdspk_admin"].user
    su.is_superuser = True
    su.save(update_fields=["is_superuser"])
    assert "Galeri surat" in client.get(reverse("accounts:home")).content.decode()


# --- S01 with every activation code ------------------------------------------------------------


def _letter_from_page(client, html: str) -> bytes:
    m = re.search(r'href="([^"]+)" data-testid="code-letter"', html)
    assert m, "no S01 download on the page"
    r = client.get(m.group(1))
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    return r.content


def test_registering_an_operator_offers_its_s01_with_the_code(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(
        reverse("accounts:user_register"),
        {
            "institution": world.inst["sd"].pk,
            "role": "admin",
            "username": "20400001",
            "full_name": "Budi Santoso",
        },
        follow=True,
    )
    assert r.status_code == 200
    code = r.context["code"]
    text = pdf_text(_letter_from_page(client, r.content.decode()))
    for s in (
        code,
        "20400001",
        "Budi Santoso",
        "SD Negeri 1 Uji",
        "RAHASIA",
        "Dinas Pendidikan Kota Yogyakarta".upper(),
    ):
        assert s in text
    letter = Letter.objects.get(code="S01")
    target = User.objects.get(username="20400001")
    assert letter.subject_user == target and letter.school == world.inst["sd"]
    assert letter.institution == world.inst["dinas_kota"]
    assert code not in str(letter.data), "the code is never stored"
    assert letter.number in text


def test_resetting_an_operator_offers_a_fresh_s01(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    target = world.roles["sd_admin"]
    r = client.post(reverse("accounts:user_reset", args=[target.pk]), follow=True)
    assert r.status_code == 200
    code = r.context["code"]
    text = pdf_text(_letter_from_page(client, r.content.decode()))
    assert code in text and target.user.username in text and "SD Negeri 1 Uji" in text
    assert Letter.objects.filter(code="S01", subject_user=target.user).count() == 1


def test_s01_stays_retrievable_until_marked_printed_and_reload_issues_nothing(client, world):
    """Post/redirect/get: the code page is a GET; reloading it or downloading the S01 again keeps
    the same letter number; only the issuing session sees it; "Sudah dicetak" drops the code."""
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(
        reverse("accounts:user_register"),
        {"institution": world.inst["sd"].pk, "role": "operator", "username": "op.s01", "full_name": "Sari"},
    )
    assert r.status_code == 302
    page_url = r.url
    letter = Letter.objects.get(code="S01")
    html = client.get(page_url).content.decode()
    code = re.search(r'data-testid="activation-code">([^<]+)<', html).group(1)
    assert letter.number in html and "Sudah dicetak" in html
    for _ in range(2):  # reload and download again: same letter, nothing new issued
        assert client.get(page_url).status_code == 200
        text = pdf_text(_letter_from_page(client, html))
        assert code in text and letter.number in text
    assert Letter.objects.filter(code="S01").count() == 1
    assert code not in str(Letter.objects.get(pk=letter.pk).data), "the code is never stored in the letter"
    # another admin (another session) cannot open it, not even the same admin logged in elsewhere
    from django.test import Client

    other = Client()
    login_as(other, world.roles["dinas_kota_admin"])
    assert other.get(page_url).status_code == 404
    assert other.get(page_url + "s01/").status_code == 404
    assert other.post(page_url + "dicetak/").status_code == 404
    # marked printed: back to the operator list, the code and the S01 are gone
    r = client.post(page_url + "dicetak/", follow=True)
    assert r.redirect_chain[-1][0] == reverse("accounts:users")
    assert "ditandai sudah dicetak" in r.content.decode()
    assert client.get(page_url).status_code == 404
    assert client.get(page_url + "s01/").status_code == 404
    assert client.get(page_url + "dicetak/").status_code == 405


def test_registering_an_existing_username_issues_no_s01(client, world):
    login_as(client, world.roles["dinas_kota_admin"])
    r = client.post(
        reverse("accounts:user_register"),
        {"institution": world.inst["smp"].pk, "role": "operator", "username": "sd.op", "full_name": "x"},
    )
    assert r.status_code == 200 and "code" not in r.context
    assert "Nama pengguna ini tidak dapat dipakai" in r.content.decode()
    assert "padamu_s01_unprinted" not in client.session
    assert "data:application/pdf" not in r.content.decode()
    assert not Letter.objects.exists()


# --- letter archive list ----------------------------------------------------------------------------


def test_letter_archive_lists_what_the_role_may_open_with_search_and_filter(client, world):
    a = issue_sample(world, "S04").letter
    issue_sample(world, "S07")
    secret = issue_sample(world, "S02").letter  # confidential: not listed for the Dinas
    login_as(client, world.roles["dinas_kota_op"])
    html = client.get(reverse("documents:letter_index")).content.decode()
    assert a.number in html and secret.number not in html
    html = client.get(reverse("documents:letter_index"), {"kode": "S07"}).content.decode()
    assert a.number not in html and "S07" in html
    html = client.get(reverse("documents:letter_index"), {"q": a.number[:9]}).content.decode()
    assert a.number in html
    login_as(client, world.roles["smp_op"])
    assert a.number not in client.get(reverse("documents:letter_index")).content.decode()
    login_as(client, world.roles["sd_op"])
    assert secret.number in client.get(reverse("documents:letter_index")).content.decode()


def test_letter_archive_pages_with_constant_queries(client, world, django_assert_max_num_queries):
    from documents.letters import letter_create

    for i in range(30):
        letter_create(
            code="S04", issuer=None, issuer_role="operator", institution=world.inst["sd"],
            subject_type="ptk", subject_id=i, subject_name=f"PTK {i:02d}", data={}, school=world.inst["sd"],
        )  # fmt: skip
    login_as(client, world.roles["sd_op"])
    with django_assert_max_num_queries(10):
        r = client.get(reverse("documents:letter_index"))
    assert r.content.decode().count('data-testid="letter-row"') == 25
    nxt = r.context["page"].next_cursor
    with django_assert_max_num_queries(10):
        r = client.get(reverse("documents:letter_index"), {"setelah": nxt})
    assert r.content.decode().count('data-testid="letter-row"') == 5


def test_letter_archive_filters_voided_letters_with_pages_and_constant_queries(client, world):
    """An admin looks for the letters their office voided (or those still in force), page by page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from documents.letters import letter_create

    def make(n, start):
        out = []
        for i in range(start, start + n):
            out.append(
                letter_create(
                    code="S04", issuer=None, issuer_role="operator", institution=world.inst["sd"],
                    subject_type="ptk", subject_id=i, subject_name=f"PTK {i:02d}", data={}, school=world.inst["sd"],
                )  # fmt: skip
            )
        return out

    def costs(params):
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(reverse("documents:letter_index"), params)
        return r, len(ctx.captured_queries)

    voided = make(3, 0)
    kept = make(2, 100)
    Letter.objects.filter(pk__in=[v.pk for v in voided]).update(voided_at=timezone.now(), void_reason="salah")
    login_as(client, world.roles["sd_admin"])
    r, small = costs({"status": "dibatalkan"})
    html = r.content.decode()
    assert html.count('data-testid="letter-row"') == 3 and html.count('data-testid="voided"') == 3
    assert all(v.number in html for v in voided) and not any(k.number in html for k in kept)
    assert '<option value="dibatalkan" selected>' in html
    html = client.get(reverse("documents:letter_index"), {"status": "berlaku"}).content.decode()
    assert html.count('data-testid="letter-row"') == 2 and 'data-testid="voided"' not in html
    html = client.get(reverse("documents:letter_index"), {"status": "bogus"}).content.decode()
    assert html.count('data-testid="letter-row"') == 5  # an unknown status shows all
    assert "Tidak ada surat yang cocok" in client.get(
        reverse("documents:letter_index"), {"status": "dibatalkan", "q": "tidak-ada"}
    ).content.decode()

    # 30 voided letters: the same number of queries, 25 on the first page, the next link keeps the filter
    more = make(27, 200)
    Letter.objects.filter(pk__in=[v.pk for v in more]).update(voided_at=timezone.now(), void_reason="salah")
    r, large = costs({"status": "dibatalkan"})
    assert large == small
    html = r.content.decode()
    assert html.count('data-testid="letter-row"') == 25
    nxt = re.search(r'href="([^"]*)" data-testid="next-page"', html).group(1).replace("&amp;", "&")
    assert "status=dibatalkan" in nxt
    html = client.get(reverse("documents:letter_index") + nxt).content.decode()
    assert html.count('data-testid="letter-row"') == 5 and html.count('data-testid="voided"') == 5


def test_letters_printed_before_the_ptk_had_an_account_are_theirs(client, world):
    """The forms and request letters of a new PTK are printed before they get an account (S02), so they
    carry no subject_user; once the account exists the PTK opens them all (the demo's supervisor met a
    404 on his own A10), and no other PTK does."""
    from accounts.scope import ActiveRole, Scope
    from documents.letters import letter_create
    from nuptk import services as svc
    from tests.nuptk.conftest import make_ptk

    ptk = make_ptk(world.inst["sd"], name="Guru Tanpa Akun")
    sub = svc.submission_create(scope=Scope(world.roles["sd_op"].user, ActiveRole(world.roles["sd_op"])),
                                ptk=ptk, kind="penerbitan")  # fmt: skip
    common = dict(issuer=world.roles["sd_op"].user, issuer_role="operator", institution=world.inst["sd"],
                  subject_name=ptk.name, data={"ptk": {}}, school=world.inst["sd"])  # fmt: skip
    about_request = letter_create(code="A01", subject_type="request", subject_id=sub.pk, **common)
    about_record = letter_create(code="S04", subject_type="ptk", subject_id=ptk.pk, **common)
    assert about_request.subject_user_id is None and about_record.subject_user_id is None
    owner = user("guru.tanpa.akun")
    ptk.user = owner
    ptk.save(update_fields=["user"])
    owner_role = assign(owner, Role.PTK)
    login_as(client, owner_role)
    assert _pdf(client, about_request).status_code == 200
    assert _pdf(client, about_record).status_code == 200
    other = make_ptk(world.inst["sd"], name="Guru Lain")
    other.user = user("guru.lain.akun")
    other.save(update_fields=["user"])
    login_as(client, assign(other.user, Role.PTK))
    assert _pdf(client, about_request).status_code == 404
    assert _pdf(client, about_record).status_code == 404
    # as an operator of another school the same person sees neither (the owner rule is the PTK role's)
    login_as(client, world.roles["smp_op"])
    assert _pdf(client, about_request).status_code == 404
