"""Letters: every registered type renders with its number, subject and key fields; numbering,
snapshots, scope keys, confidential codes and reprints."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.services import official_appoint
from documents.letterhead import letterhead_update
from documents.letters import (
    letter_issue,
    letter_pdf,
    letter_preview_pdf,
    letter_type,
    letter_types,
    token_is_well_formed,
)
from documents.models import Letter, LetterSequence

from .conftest import issue_sample, pdf_text, squash

pytestmark = pytest.mark.django_db

ALL_CODES = [
    *("A01", "A02", "A03", "A05", "A06", "A09", "A10"),
    *(f"S{n:02d}" for n in range(1, 14)),
    *("S18", "S19"),
    *(f"SM{n:02d}" for n in range(1, 6)),
]


def _get(data, path):
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def test_registry_holds_every_code_of_the_flows():
    assert sorted(lt.code for lt in letter_types()) == sorted(ALL_CODES)
    assert {lt.code for lt in letter_types() if lt.confidential} == {"S01", "S02"}
    assert all(lt.form for lt in letter_types() if lt.code.startswith("A"))


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_letter_renders_with_number_subject_and_key_fields(world, code):
    lt = letter_type(code)
    issued = issue_sample(world, code)
    text = squash(pdf_text(issued.pdf))
    letter = issued.letter
    assert squash(letter.number) in text
    assert squash(letter.subject_name) in text
    assert lt.key_fields, f"{code} declares no key fields"
    for path in lt.key_fields:
        assert squash(_get(letter.data, path)) in text, f"{code}: {path} missing"
    assert squash(lt.title).upper() in text.upper()  # the title (upper-cased by the stylesheet)
    assert letter.token in text  # verification code under the QR
    assert ("RAHASIA" in text) is lt.confidential


def test_titles_are_uppercased_only_by_css_and_text_keeps_title(world):
    text = pdf_text(issue_sample(world, "S11").pdf)
    assert "Surat Keterangan Penerbitan NUPTK".upper() in text.upper()


@pytest.mark.parametrize("code", [lt for lt in ALL_CODES if lt.startswith("A")])
def test_blank_forms_render_without_number_or_personal_data(code):
    text = pdf_text(letter_preview_pdf(code, blank=True))
    assert "formulir kosong" in text.lower()
    assert "Siti Rahmawati" not in text and "Andi Pratama" not in text


def test_numbers_follow_the_institution_yearly_sequence(world):
    a = issue_sample(world, "S04").letter
    b = issue_sample(world, "S07").letter
    other = issue_sample(world, "S08").letter  # issued by the Dinas: its own sequence
    assert (a.seq, b.seq) == (1, 2)
    assert other.seq == 1 and other.institution_id != a.institution_id
    assert a.number.startswith("00001/S04/") and a.number.endswith(f"/{a.year}")
    assert LetterSequence.objects.get(institution=a.institution, year=a.year).last == 2


def test_letter_copies_scope_keys_of_its_school(world):
    letter = issue_sample(world, "S04").letter
    sd = world.inst["sd"]
    assert (letter.school_id, letter.dinas_id, letter.qa_office_id) == (sd.pk, sd.dinas_id, sd.qa_office_id)
    assert letter.issuer == world.roles["sd_op"].user and letter.issuer_role == "operator"


def test_issuer_kind_is_enforced_and_nothing_is_numbered(world):
    with pytest.raises(ValidationError, match="tidak berwenang"):
        issue_sample(world, "S11", institution=world.inst["sd"])  # S11 is signed for LPMP
    assert not Letter.objects.exists() and not LetterSequence.objects.filter(last__gt=0).exists()


def test_reprint_is_identical_to_the_original(world):
    issued = issue_sample(world, "S13")
    original = pdf_text(issued.pdf)
    reprint = pdf_text(letter_pdf(issued.letter))
    # identical but for the footer line, which says "cetak ulang <date>"
    assert reprint.split("Padamu ·")[0] == original.split("Padamu ·")[0]
    assert "cetak ulang" in reprint and "cetak ulang" not in original


def test_reprint_survives_later_changes_of_the_institution(world):
    dinas = world.inst["dinas_kota"]
    official_appoint(institution=dinas, name="Drs. Lama Menjabat", nip="196805121994031007",
                     start=date(2020, 1, 1), actor=None)  # fmt: skip
    issued = issue_sample(world, "S08")
    official_appoint(institution=dinas, name="Kepala Baru", nip="198001012005011001",
                     start=timezone.localdate() + timedelta(days=1), actor=None)  # fmt: skip
    letterhead_update(institution=dinas, actor=None, address="Jl. Baru 1", city="Yogyakarta", phone="",
                      email="", website="")  # fmt: skip
    text = pdf_text(letter_pdf(Letter.objects.get(pk=issued.letter.pk)))
    assert "Kepala Baru" not in text and "Jl. Baru 1" not in text
    assert "Drs. Lama Menjabat" in text


def test_confidential_code_is_printed_once_and_never_stored(world):
    issued = issue_sample(world, "S01", secret={"activation_code": "ABCD-EFGH-JKLM"})
    assert "ABCD-EFGH-JKLM" in pdf_text(issued.pdf)
    row = Letter.objects.get(pk=issued.letter.pk)
    assert "ABCD-EFGH-JKLM" not in str(row.data) and "ABCD-EFGH-JKLM" not in str(row.letterhead)
    reprint = pdf_text(letter_pdf(row))
    assert "ABCD-EFGH-JKLM" not in reprint
    assert "tidak dicetak ulang" in reprint and "RAHASIA" in reprint


def test_letterhead_and_signature_block_come_from_the_institution(world):
    dinas = world.inst["dinas_kota"]
    official_appoint(institution=dinas, name="Drs. Heru Prasetyo, M.Pd.", nip="196805121994031007",
                     rank="Pembina Utama Muda (IV/c)", start=date(2024, 3, 1), actor=None)  # fmt: skip
    letterhead_update(institution=dinas, actor=None, address="Jl. Kenari 56, Yogyakarta 55165", city="Yogyakarta",
                      phone="(0274) 512956", email="disdik@jogjakota.go.id", website="pendidikan.jogjakota.go.id")  # fmt: skip
    text = pdf_text(issue_sample(world, "S09").pdf)
    for s in ("PEMERINTAH KOTA YOGYAKARTA", "DINAS PENDIDIKAN KOTA YOGYAKARTA", "Jl. Kenari 56",
              "(0274) 512956", "disdik@jogjakota.go.id", "pendidikan.jogjakota.go.id",
              "Drs. Heru Prasetyo, M.Pd.", "Pembina Utama Muda (IV/c)", "NIP. 19680512 199403 1 007"):  # fmt: skip
        assert s in text
    lpmp_text = pdf_text(issue_sample(world, "S11").pdf)
    assert "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH" in lpmp_text
    assert "Heru Prasetyo" not in lpmp_text


def test_no_official_recorded_leaves_the_name_to_fill_in(world):
    text = pdf_text(issue_sample(world, "S09").pdf)
    assert "Kepala Dinas Pendidikan" in text  # the office title
    assert "NIP. ........................" in text  # name and NIP left blank, never invented


def test_the_official_in_office_on_the_letter_date_signs(world):
    dinas = world.inst["dinas_kota"]
    today = timezone.localdate()
    official_appoint(institution=dinas, name="Dra. Endang Sulastri", nip="196901011994032004",
                     start=today - timedelta(days=400), actor=None)  # fmt: skip
    official_appoint(institution=dinas, name="Drs. Budi Santosa", nip="197002021995031005",
                     start=today - timedelta(days=3), actor=None)  # fmt: skip
    issued = issue_sample(world, "S09")
    text = pdf_text(issued.pdf)
    assert "Drs. Budi Santosa" in text and "Endang" not in text
    assert issued.letter.letterhead["head_name"] == "Drs. Budi Santosa"


def test_tokens_carry_a_check_part(world):
    token = issue_sample(world, "S04").letter.token
    assert token_is_well_formed(token)
    forged = token[:-1] + ("a" if token[-1] != "a" else "b")
    assert not token_is_well_formed(forged)
    assert not token_is_well_formed("not-a-token")


def test_issue_requires_subject_name(world):
    with pytest.raises(ValidationError):
        letter_issue(
            code="S04",
            issuer=None,
            issuer_role="operator",
            institution=world.inst["sd"],
            subject_type="ptk",
            subject_id=1,
            subject_name="",
            data={},
        )


def test_letters_use_the_cut_down_user_agent_stylesheet():
    """Letters render with letter-ua.css in place of WeasyPrint's whole HTML5 sheet (7% fewer
    instructions). The hook is WeasyPrint's ``HTML._ua_stylesheets``: if an upgrade renamed it, the
    override would silently stop working, so this fails instead."""
    import weasyprint

    from documents import rendering

    assert callable(getattr(weasyprint.HTML, "_ua_stylesheets", None))
    html_cls = rendering._letter_html()
    assert issubclass(html_cls, weasyprint.HTML)
    sheets = html_cls(string="<p>x</p>")._ua_stylesheets()
    assert len(sheets) == 1 and sheets[0] is not weasyprint.html.UA_STYLESHEET


# --- the first print is the original; only later ones say "cetak ulang" ---------------------------


def _recorded(world, code="S04"):
    """A letter a step recorded without printing it (documents.letters.letter_create)."""
    from documents.letters import letter_create

    return letter_create(
        code=code, issuer=world.roles["sd_op"].user, issuer_role="operator", institution=world.inst["sd"],
        subject_type="ptk", subject_id="1", subject_name="Guru Contoh", data={"ptk": {}}, school=world.inst["sd"],
    )  # fmt: skip


def test_the_first_download_is_the_original_and_every_later_one_a_reprint(client, world):
    from django.urls import reverse

    from tests.factories import login_as

    letter = _recorded(world)
    url = reverse("documents:letter_pdf", args=[letter.pk])
    for outsider in ("dinas_sleman_op", "sd_bdg_op", "smp_op"):  # refused: the original stays unprinted
        login_as(client, world.roles[outsider])
        assert client.get(url).status_code == 404, outsider
    letter.refresh_from_db()
    assert letter.printed_at is None
    login_as(client, world.roles["sd_op"])
    first = pdf_text(client.get(url).content)
    assert letter.number in first and "cetak ulang" not in first
    letter.refresh_from_db()
    assert letter.printed_at is not None
    again = pdf_text(client.get(url).content)
    assert letter.number in again and "cetak ulang" in again
    login_as(client, world.roles["dinas_kota_op"])  # another reader of the same letter: a copy too
    assert "cetak ulang" in pdf_text(client.get(url).content)


def test_two_first_prints_at_once_give_one_original(world):
    letter = _recorded(world)
    a, b = Letter.objects.get(pk=letter.pk), Letter.objects.get(pk=letter.pk)  # both read unprinted
    texts = [pdf_text(letter_pdf(a)), pdf_text(letter_pdf(b))]
    assert ["cetak ulang" in t for t in texts] == [False, True]


def test_a_print_that_fails_leaves_the_original_to_print(world, monkeypatch):
    import documents.letters as letters

    letter = _recorded(world)
    real = letters.html_to_pdf

    def broken(html):
        raise RuntimeError("font hilang")

    monkeypatch.setattr(letters, "html_to_pdf", broken)
    with pytest.raises(RuntimeError):
        letter_pdf(letter)
    letter.refresh_from_db()
    assert letter.printed_at is None
    monkeypatch.setattr(letters, "html_to_pdf", real)
    assert "cetak ulang" not in pdf_text(letter_pdf(letter))


def test_a_confidential_letter_is_never_printed_again_as_an_original(world):
    issued = issue_sample(world, "S02")
    assert "cetak ulang" not in pdf_text(issued.pdf)  # printed when issued, with the code
    row = Letter.objects.get(pk=issued.letter.pk)
    text = pdf_text(letter_pdf(row))
    assert "cetak ulang" in text and "tidak dicetak ulang" in text


def test_a_batch_prints_originals_and_marks_reprints(world, django_capture_on_commit_callbacks):
    from documents.models import BatchPrint
    from documents.services import batch_letters_request

    printed, fresh = _recorded(world), _recorded(world)
    letter_pdf(printed)  # downloaded once before
    with django_capture_on_commit_callbacks(execute=True):
        batch_letters_request(user=world.roles["sd_op"].user, institution=world.inst["sd"], role="operator",
                              letter_ids=[printed.pk, fresh.pk], description="uji")  # fmt: skip
    job = BatchPrint.objects.get()
    assert job.status == "done"
    from django.core.files.storage import default_storage

    with default_storage.open(job.path) as fh:
        text = pdf_text(fh.read())
    before_fresh = text.split(fresh.number)[0]
    assert "cetak ulang" in before_fresh, "the letter printed before is a reprint"
    assert "cetak ulang" not in text.split(fresh.number, 1)[1], "the other one is its original"
    fresh.refresh_from_db()
    assert fresh.printed_at is not None
