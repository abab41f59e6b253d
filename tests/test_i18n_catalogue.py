"""English locale, issue 15: the English catalogue has no untranslated or fuzzy entry, the compiled
catalogue is the same as the .po, and the pages of every app, walked in English as the roles that see
them, show no Indonesian interface words in their main content. Official letters stay Indonesian
(tests/test_i18n.py)."""

import gettext
import html as htmllib
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import assign, login_as, user

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


# --- the catalogue --------------------------------------------------------------------------------


def _unquote(s: str) -> str:
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (or msgstr[N]), flags, references, obsolete.
    A small parser (polib is not a dependency)."""
    entries, cur, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if cur is not None:
                entries.append(cur)
            cur, key = None, None
            continue
        if cur is None:
            cur = {"flags": set(), "refs": [], "obsolete": False, "msgstr": {}}
        if line.startswith("#~"):
            cur["obsolete"] = True
        elif line.startswith("#,"):
            cur["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#:"):
            cur["refs"] += line[2:].split()
        elif line.startswith("#"):
            continue
        elif m := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) "(.*)"$', line):
            key = m.group(1) if not m.group(1).startswith("msgstr") else ("msgstr", int(m.group(2) or 0))
            cur.setdefault(key, "")
            cur[key] = _unquote(m.group(3))
        elif m := re.match(r'"(.*)"$', line):
            cur[key] += _unquote(m.group(1))
    for e in entries:
        e["msgstr"] = {k[1]: v for k, v in e.items() if isinstance(k, tuple)}
    return [e for e in entries if not e["obsolete"] and e.get("msgid")]


def _where(e) -> str:
    return f"{e['msgid'][:70]!r} ({', '.join(e['refs'][:2])})"


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    entries = parse_po(PO)
    assert len(entries) > 1500  # the whole interface, not an empty file
    untranslated = [_where(e) for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [_where(e) for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy (check the translation, then drop the flag):\n" + "\n".join(fuzzy)


def test_english_translations_keep_every_placeholder():
    problems = []
    for e in parse_po(PO):
        want = sorted(re.findall(r"%\(\w+\)[sd]", e["msgid"]))
        for s in e["msgstr"].values():
            if sorted(set(re.findall(r"%\(\w+\)[sd]", s))) != sorted(set(want)):
                problems.append(_where(e))
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_is_the_po():
    """django.mo is committed: after editing the .po run `manage.py compilemessages`."""
    with MO.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = []
    for e in parse_po(PO):
        if "msgid_plural" in e:
            got = mo.ngettext(e["msgid"], e["msgid_plural"], 1)
        else:
            got = mo.gettext(e["msgid"])
        if got != e["msgstr"].get(0):
            stale.append(_where(e))
    assert not stale, "django.mo is older than django.po:\n" + "\n".join(stale[:20])


# --- the pages ------------------------------------------------------------------------------------

# Words of the Indonesian interface (buttons, links, empty lists): none may remain on an English page.
UI_WORDS = [
    "Simpan", "Batal", "Batalkan", "Cari", "Berikutnya", "Sebelumnya", "Ajukan", "Kembali", "Unggah",
    "Hapus", "Ubah", "Tambah", "Kirim", "Pilih", "Tutup", "Lihat", "Cetak", "Unduh", "Tampilkan",
    "Setujui", "Tolak", "Lanjutkan", "Daftarkan", "Belum ada", "Tidak ada", "Menunggu", "Semua",
    "Sekolah induk", "Tanggal", "Nama pengguna", "Kata sandi", "Keterangan", "Catatan", "Riwayat",
    "Jenis", "Nomor", "belum", "sudah", "tidak", "untuk", "dengan", "oleh", "sampai",
]  # fmt: skip
UI_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in UI_WORDS) + r")(?![\w-])")
ATTRS_RE = re.compile(r'\b(?:placeholder|title|aria-label|data-confirm|alt)="([^"]*)"')


def main_text(page: str) -> str:
    """The visible text and the interface attributes of the page's <main> (header and footer are
    tested in tests/test_i18n.py)."""
    m = re.search(r"<main\b.*?</main>", page, re.S)
    body = m.group(0) if m else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    attrs = " | ".join(ATTRS_RE.findall(body))
    text = re.sub(r"<[^>]+>", " ", body)
    return htmllib.unescape(f"{text} | {attrs}")


def indonesian_words(page: str, data: tuple = ()) -> list[str]:
    """UI words left on the page, with some context; ``data`` are names of records shown as they are."""
    text = main_text(page)
    for d in data:
        text = text.replace(d, " ")
    return [text[max(0, m.start() - 40) : m.end() + 40].strip() for m in UI_RE.finditer(text)]


# Records shown as entered (names, addresses, notes) are data, not the interface: they stay as typed.
DATA = (
    "Pengaduan uji tentang surat ini.",
    "Yayasan Uji",
    "Kepercayaan kepada Tuhan YME",
)


def recorded_texts() -> tuple:
    """What the pages show as Dapodik and the letters name it: the column headings of a Dapodik file,
    the official names of the letters. Longest first, so that a name is removed before a part of it.
    (Notices and the change history are recorded in Bahasa Indonesia but shown in the reader's
    language: not exempted.)"""
    from documents.letters import letter_types
    from exchange.columns import COLUMNS

    out = [h for c in COLUMNS for h in (c.header, *c.synonyms)]
    out += [str(lt.title) for lt in letter_types()]
    return tuple(sorted({t for t in out if t}, key=len, reverse=True))


def _objects(world):
    """A PTK with a berkas, a history row, a second school, a request with a paper, a letter, a
    school-account request and a complaint at world's SD (as in tests/test_url_access.py)."""
    from accounts.models import SchoolAccountRequest
    from accounts.scope import ActiveRole
    from documents.letters import letter_create
    from documents.models import Complaint
    from nuptk import services as nsvc
    from nuptk.requirements import requirements_for
    from ptk import services as psvc
    from ptk.services import ptk_letter_data
    from tests.factories import school as make_school
    from tests.nuptk.conftest import fake_file, pdf_upload, scope_of
    from tests.ptk.conftest import enter

    sd, op = world.inst["sd"], world.roles["sd_op"]
    role = ActiveRole(op)
    p = enter(sd, op, in_dapodik=True, has_rombel=True, qualification="S1")
    doc = psvc.ptk_document_add(
        ptk=p, kind="ktp", upload=pdf_upload(), actor=op.user, role=role, copy_kind="asli"
    )
    row = psvc.history_save(
        ptk=p,
        table="pendidikan",
        actor=op.user,
        role=role,
        data={"level": "S1", "institution_name": "UNY", "year_out": 2012},
    )
    link = psvc.ptk_school_add(
        ptk=p, school=make_school(district=sd.district, name="SD Lain"), actor=op.user, role=role
    )
    sub = nsvc.submission_create(scope=scope_of(op), ptk=p, kind="penerbitan")
    req = requirements_for(sub.kind, sub.category)[0]
    nsvc.submission_document_attach(
        scope=scope_of(op),
        pk=sub.pk,
        requirement=req.code,
        doc_kind=req.accepts[0],
        upload=fake_file(req.accepts[0]),
        valid_from=date(2020, 1, 1),
    )
    letter = letter_create(
        code="A01",
        issuer=op.user,
        issuer_role=op.role,
        institution=sd,
        subject_type="ptk",
        subject_id=str(p.pk),
        subject_name=p.name,
        data={"ptk": ptk_letter_data(p)},
        subject_user=None,
        school=sd,
    )
    sareq = SchoolAccountRequest.objects.create(
        school=sd,
        dinas_id=sd.dinas_id,
        qa_office_id=sd.qa_office_id,
        state="at_dinas",
        applicant_name="Calon Admin",
    )
    complaint = Complaint.objects.create(
        subject_type="letter",
        subject_id=str(letter.pk),
        subject_label=letter.number,
        owner=sd,
        school=sd,
        filed_by=op.user,
        text=DATA[0],
    )
    return {
        "ptk": p,
        "doc": doc,
        "row": row,
        "link": link,
        "sub": sub,
        "sdoc": sub.documents.first(),
        "letter": letter,
        "sareq": sareq,
        "complaint": complaint,
        "inst": sd,
        "assignment": op,
    }


# Who walks: a school, its Dinas, the quality office, PDSPK, the admins, a PTK and a superuser.
WALKERS = [
    "sd_op",
    "sd_admin",
    "dinas_kota_op",
    "dinas_kota_admin",
    "lpmp_op",
    "pdspk_op",
    "ptk",
    "superuser",
]
# GET routes that are not pages (files, JSON, redirects) or need a token/key of their own.
NOT_PAGES = re.compile(r"(pdf|file|download|status|export$|csv|xlsx|photo$|api:|logout|health|sample)")


def _pages(objs, extra=()):
    from tests.test_url_access import concrete, object_urls, project_urls

    out = []
    for route, cb, name in project_urls():
        if "<" in route or not name or NOT_PAGES.search(name):
            continue
        out.append((name, concrete(route, 0), cb.padamu_access))
    access = {name: cb.padamu_access for _r, cb, name in project_urls()}
    for name, url in [*object_urls(objs), *extra]:
        if not NOT_PAGES.search(name):
            out.append((name, url, access[name]))
    return out


def english_pages(client, roles: dict, pages):
    """(role key, url, HTML) of every page in ``pages`` each role may open, read in English (the role
    logged in and the switch set to English first)."""
    from accounts.scope import ActiveRole

    client.raise_request_exception = False
    for key, a in roles.items():
        login_as(client, a)
        client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
        active = ActiveRole(a)
        for _name, url, access in pages:
            if not access.allows(a.user, active):
                continue
            r = client.get(url)
            if r.status_code == 200 and "text/html" in r.get("Content-Type", ""):
                yield key, url, r.content.decode()


@pytest.mark.django_db
def test_every_page_in_english_as_the_roles_that_see_it(client, world, django_capture_on_commit_callbacks):
    from accounts.models import Role, RoleAssignment
    from tests.ptk.conftest import activate, issue_s02

    objs = _objects(world)
    p = objs["ptk"]
    _r, code = issue_s02(p, world.roles["sd_op"])
    activate(p, code)
    p.refresh_from_db()
    roles = dict(world.roles)
    roles["ptk"] = RoleAssignment.objects.get(user=p.user, role=Role.PTK)
    su = user("root.walk", is_superuser=True, is_staff=True)
    roles["superuser"] = assign(su, Role.OPERATOR, world.inst["pdspk"])
    data = (*DATA, p.name, p.birth_place, p.mother_name, *recorded_texts())
    # a Dapodik import checked by the worker (in Bahasa Indonesia): one row to add, one refused
    from tests.exchange.conftest import csv_bytes, person, upload

    rows = [person(world.inst["sd"].npsn), person("99999999")]
    job = upload(client, world.roles["sd_op"], csv_bytes(rows), capture=django_capture_on_commit_callbacks)
    assert job.entries.filter(status="refuse").exists()
    pages = _pages(objs, [("exchange:import_detail", reverse("exchange:import_detail", args=[job.pk]))])
    problems, seen = [], 0
    for key, url, page in english_pages(client, {k: roles[k] for k in WALKERS}, pages):
        seen += 1
        assert '<html lang="en">' in page, url
        for hit in indonesian_words(page, data):
            problems.append(f"{key} {url}: …{hit}…")
    assert seen > 60, seen  # the walk reached the pages, not only refusals
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_form_sent_back_empty_answers_in_english(client, world):
    """The forms of every page, sent empty by an English reader: the page that comes back with the
    errors is English too (the write ran in Bahasa Indonesia: padamu.templating, ADR 0009)."""
    objs = _objects(world)
    data = (*DATA, objs["ptk"].name, objs["ptk"].birth_place, objs["ptk"].mother_name, *recorded_texts())
    pages = _pages(objs)
    problems, refused_forms = [], 0
    walkers = {k: world.roles[k] for k in ("sd_op", "sd_admin", "dinas_kota_op", "dinas_kota_admin")}
    for key, url, form_page in english_pages(client, walkers, pages):
        if not re.search(r'<form method="post"(?: [^>]*)?>', form_page):
            continue
        r = client.post(url, {})
        if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
            continue  # a redirect (nothing to fill in) or a download
        page = r.content.decode()
        if "errorlist" not in page and "error-summary" not in page and "msg-error" not in page:
            continue
        refused_forms += 1
        assert '<html lang="en">' in page, url
        problems += [f"{key} POST {url}: …{hit}…" for hit in indonesian_words(page, data)]
    assert refused_forms > 10, refused_forms  # the walk reached forms that refuse an empty POST
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_public_pages_in_english(client, world):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    problems = []
    for name in ["accounts:login", "ptk:activate", "accounts:activate", "letter_verify_form"]:
        url = reverse(name)
        r = client.get(url)
        assert r.status_code == 200, url
        problems += [f"{url}: …{h}…" for h in indonesian_words(r.content.decode())]
    assert not problems, "\n".join(problems)


def test_the_walker_finds_indonesian_words():
    """The check itself: an untranslated button and empty-list text are found; data is not."""
    page = (
        "<header>Simpan</header><main><button>Simpan</button><p>Belum ada delegasi.</p>"
        '<input placeholder="Cari nama"><td>Yayasan Uji</td><p>Save</p></main>'
    )
    hits = indonesian_words(page, DATA)
    assert len(hits) == 3 and any("Cari" in h for h in hits)
    assert indonesian_words("<main><button>Save</button><p>No delegations yet.</p></main>") == []


# --- recorded text in the reader's language -------------------------------------------------------


@pytest.mark.django_db
def test_flash_messages_notices_and_history_are_recorded_in_indonesian_and_read_in_english(client, world):
    """A PTK saves their contacts in English: the record, the history and the notice stay in Bahasa
    Indonesia; the English reader sees the message, the notice and the history in English; an
    Indonesian reader sees them as recorded."""
    from accounts.models import Notification
    from ptk.models import PtkChange
    from tests.ptk.conftest import enter

    p = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles["sd_op"])
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    url = reverse("ptk:contacts", args=[p.pk])
    form = client.get(url).content.decode()
    assert "Save" in form and '<html lang="en">' in form
    data = {
        "address": "Jl. Malioboro 1",
        "postal_code": "55271",
        "phone": "081234567890",
        "email": "guru@example.org",
    }
    r = client.post(url, data, follow=True)
    page = r.content.decode()
    assert r.status_code == 200 and '<html lang="en">' in page
    assert "Address and contact saved." in page and "Alamat dan kontak disimpan." not in page
    change = PtkChange.objects.filter(ptk=p, field="address").latest("pk")
    assert change.field_label == "alamat"  # recorded in Bahasa Indonesia
    changes = client.get(reverse("ptk:changes", args=[p.pk])).content.decode()
    assert "<td>address</td>" in changes and "<td>alamat</td>" not in changes and "Jl. Malioboro 1" in changes

    # a notice recorded in Bahasa Indonesia is read in English, and in Bahasa Indonesia by others
    from accounts.services import notify

    notify(user=world.roles["sd_op"].user, title="Data Anda diubah oleh Budi Wijaya", body="")
    n = Notification.objects.latest("pk")
    assert n.title == "Data Anda diubah oleh Budi Wijaya"
    notices = client.get(reverse("accounts:notifications")).content.decode()
    assert "Your data was changed by Budi Wijaya" in notices and "Data Anda diubah" not in notices
    client.post(reverse("accounts:set_language"), {"language": "id", "next": "/"})
    assert (
        "Data Anda diubah oleh Budi Wijaya" in client.get(reverse("accounts:notifications")).content.decode()
    )


def test_recorded_text_is_matched_against_the_catalogue():
    from django.utils import translation

    from padamu.i18n import in_reader_language as read

    with translation.override("en"):
        assert read("Riwayat pendidikan disimpan.") == "Education history saved."  # value capitalised
        assert (
            read("Ajuan Penerbitan NUPTK Andi Wijaya ditolak Dinas Pendidikan Kota Yogyakarta")
            == "NUPTK issuance request for Andi Wijaya rejected by Dinas Pendidikan Kota Yogyakarta"
        )  # of the ways to split the words, the one whose values are catalogue entries
        assert read("Budi Santoso") == "Budi Santoso"  # typed by a person: as it is
        assert read("") == ""
    with translation.override("id"):
        assert read("Alamat dan kontak disimpan.") == "Alamat dan kontak disimpan."
