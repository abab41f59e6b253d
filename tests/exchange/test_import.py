"""Dapodik import through the pages a school operator uses: upload, preview, confirm, result."""

import pytest
from django.urls import reverse

from exchange.models import ImportEntry
from ptk.models import Ptk, PtkChange, PtkRombel

from .conftest import csv_bytes, person

pytestmark = pytest.mark.django_db


def test_school_imports_new_ptk_then_same_file_changes_nothing(client, world, imp):
    sd = world.inst["sd"]
    a = person(sd.npsn)
    b = person(
        sd.npsn,
        **{
            "Rombel": "",
            "Mata Pelajaran": "",
            "Jam Per Minggu": "",
            "Jenis PTK": "Tenaga Administrasi Sekolah",
        },
    )
    a2 = dict(a, **{"Rombel": "Kelas 5B", "Mata Pelajaran": "Matematika", "Jam Per Minggu": "6"})
    data = csv_bytes([a, b, a2])
    job = imp.upload(world.roles["sd_op"], data)
    assert job.status == "preview", job.error
    assert (job.added, job.changed, job.unchanged, job.refused) == (2, 0, 0, 0)
    assert not Ptk.objects.exists()  # nothing written before the confirmation
    page = client.get(reverse("exchange:import_detail", args=[job.pk])).content.decode()
    assert a["Nama"] in page and "Ditambahkan" in page and "Kelas 5B" in page

    job = imp.confirm(job)
    assert job.status == "done", job.error
    p = Ptk.objects.get(nik=a["NIK"])
    assert (p.in_dapodik, p.has_rombel, p.qualification, p.facts_source) == (True, True, "S1", "dapodik")
    assert p.dapodik_synced_at is not None and p.school == sd and p.pegid
    assert PtkRombel.objects.filter(ptk=p, ended_on__isnull=True).count() == 2
    q = Ptk.objects.get(nik=b["NIK"])
    assert (q.in_dapodik, q.has_rombel) == (True, False)
    changes = PtkChange.objects.filter(ptk=p)
    assert changes.exists() and set(changes.values_list("role", flat=True)) == {"Dapodik"}
    assert set(changes.values_list("actor", flat=True)) == {world.roles["sd_op"].user_id}

    before = PtkChange.objects.count()
    again = imp.upload(world.roles["sd_op"], data)
    assert (again.added, again.changed, again.unchanged, again.refused) == (0, 0, 2, 0)
    page = client.get(reverse("exchange:import_detail", args=[again.pk])).content.decode()
    assert "Tidak ada yang perlu diubah" in page
    again = imp.confirm(again)
    assert again.status == "done" and "Tidak ada perubahan" in again.note
    assert PtkChange.objects.count() == before


def test_preview_lists_refusals_with_reasons(client, world, imp):
    sd = world.inst["sd"]
    good = person(sd.npsn)
    rows = [
        good,
        person(sd.npsn, NIK="1234"),  # bad NIK
        person(sd.npsn, NUPTK="12345"),  # bad NUPTK
        person(sd.npsn, NIP="199001012020121999"),  # NIP birth date differs
        person("99999999"),  # unknown NPSN
        person(world.inst["sd_sleman"].npsn),  # other school
        dict(good),  # duplicate row
    ]
    job = imp.upload(world.roles["sd_op"], csv_bytes(rows))
    assert (job.added, job.refused) == (1, 6), job.error
    reasons = {
        e.first_line: " ".join(e.messages) for e in ImportEntry.objects.filter(job=job, status="refuse")
    }
    assert "NIK harus terdiri dari tepat 16 angka" in reasons[3]
    assert "NUPTK harus terdiri dari tepat 16 angka" in reasons[4]
    assert "NIP tidak cocok dengan tanggal lahir" in reasons[5]
    assert "tidak terdaftar di Padamu" in reasons[6]
    assert "di luar kewenangan Anda" in reasons[7]
    assert "Baris ganda" in reasons[8]
    page = client.get(reverse("exchange:import_detail", args=[job.pk]) + "?status=refuse").content.decode()
    assert "di luar kewenangan Anda" in page and "badge badge-green" not in page


def _declared_ptk(world, **over):
    """A PTK the school entered by hand (A05), with the facts declared by the school."""
    from tests.ptk.conftest import enter

    return enter(
        world.inst["sd"], world.roles["sd_op"], in_dapodik=False, has_rombel=False, qualification="D3", **over
    )


def _row_for(ptk, npsn, **over) -> dict:
    d = {
        "Nama": ptk.name,
        "NIK": ptk.nik or "",
        "NUPTK": ptk.nuptk or "",
        "NIP": ptk.nip,
        "Jenis Kelamin": ptk.sex,
        "Tempat Lahir": ptk.birth_place,
        "Tanggal Lahir": ptk.birth_date.strftime("%d/%m/%Y"),
        "Nama Ibu Kandung": ptk.mother_name,
        "Status Kepegawaian": str(ptk.employment_status or ""),
        "Jenis PTK": str(ptk.ptk_type or ""),
        "Pendidikan Terakhir": "S1",
        "NPSN": npsn,
        "PTK Induk": "1",
        "Tahun Ajaran": "2025",
        "Semester": "20251",
        "Rombel": "Kelas 3A",
        "Mata Pelajaran": "Guru Kelas",
        "Jam Per Minggu": "24",
    }
    d.update(over)
    return d


def test_import_replaces_the_schools_declaration_and_versions_it_as_dapodik(client, world, imp):
    from accounts.models import Notification
    from tests.ptk.conftest import activate, issue_s02

    p = _declared_ptk(world)
    _r, code = issue_s02(p, world.roles["sd_op"])
    activate(p, code)
    job = imp.upload(world.roles["sd_op"], csv_bytes([_row_for(p, world.inst["sd"].npsn)]))
    assert (job.added, job.changed, job.unchanged) == (0, 1, 0)
    entry = ImportEntry.objects.get(job=job)
    shown = {c["field"]: (c["old"], c["new"]) for c in entry.changes}
    assert shown["qualification"] == ("D-III", "S1") and shown["in_dapodik"] == ("tidak", "ya")
    assert shown["has_rombel"] == ("tidak", "ya") and shown["facts_source"][1] == "Dari Dapodik"
    imp.confirm(job)
    p.refresh_from_db()
    assert (p.qualification, p.in_dapodik, p.has_rombel, p.facts_source) == ("S1", True, True, "dapodik")
    rows = PtkChange.objects.filter(ptk=p, role="Dapodik")
    assert {"qualification", "in_dapodik", "has_rombel", "facts_source"} <= set(
        rows.values_list("field", flat=True)
    )
    assert Notification.objects.filter(user=p.user, title__contains="Dapodik").exists()

    # The school can no longer declare these facts itself: the form shows them as from Dapodik.
    login = world.roles["sd_op"]
    from tests.factories import login_as

    login_as(client, login)
    form = client.get(reverse("ptk:staffing", args=[p.pk])).content.decode()
    assert "Dari Dapodik" in form
    client.post(
        reverse("ptk:staffing", args=[p.pk]),
        {"nip": "", "employment_status": p.employment_status, "ptk_type": p.ptk_type, "qualification": "D3"},
    )
    p.refresh_from_db()
    assert (p.qualification, p.in_dapodik, p.has_rombel) == ("S1", True, True)


def test_rombel_follow_dapodik_and_has_rombel_agrees(world, imp):
    p = _declared_ptk(world)
    sd = world.inst["sd"].npsn
    imp.confirm(imp.upload(world.roles["sd_op"], csv_bytes([_row_for(p, sd)])))
    first = PtkRombel.objects.get(ptk=p)
    # Next semester: another rombel; the old one ends (kept, not deleted).
    job = imp.upload(world.roles["sd_op"], csv_bytes([_row_for(p, sd, Semester="2", Rombel="Kelas 3B")]))
    texts = " ".join(c["new"] for c in ImportEntry.objects.get(job=job).changes)
    assert "berakhir" in texts and "Kelas 3B" in texts
    imp.confirm(job)
    first.refresh_from_db()
    assert first.ended_on is not None
    assert PtkRombel.objects.get(ptk=p, ended_on__isnull=True).rombel == "Kelas 3B"
    # No rombel any more: has_rombel follows.
    imp.confirm(
        imp.upload(
            world.roles["sd_op"],
            csv_bytes([_row_for(p, sd, Rombel="", **{"Mata Pelajaran": "", "Jam Per Minggu": ""})]),
        )
    )
    p.refresh_from_db()
    assert p.has_rombel is False and not PtkRombel.objects.filter(ptk=p, ended_on__isnull=True).exists()
    assert PtkChange.objects.filter(ptk=p, table="rombel", role="Dapodik").count() >= 3


def test_conflicting_identifiers_and_other_home_school_are_refused(world, imp):
    from tests.ptk.conftest import enter

    sd = world.inst["sd"]
    a = enter(sd, world.roles["sd_op"], nuptk="1234567890123456")
    b = enter(sd, world.roles["sd_op"], nuptk="6543210987654321")
    c = enter(world.inst["smp"], world.roles["smp_op"])
    twin = enter(sd, world.roles["sd_op"])
    rows = [
        _row_for(a, sd.npsn, NUPTK=b.nuptk),  # NIK of a, NUPTK of b
        _row_for(c, sd.npsn),  # home school is the SMP: a mutasi, not an import
        _row_for(twin, sd.npsn, NIK=person(sd.npsn)["NIK"], **{"Tanggal Lahir": twin.birth_date.isoformat()}),
    ]
    rows[2]["NIK"] = rows[2]["NIK"][:6] + twin.nik[6:12] + "9999"  # another NIK, same name/birth/mother
    job = imp.upload(world.roles["sd_op"], csv_bytes(rows))
    reasons = {e.first_line: " ".join(e.messages) for e in ImportEntry.objects.filter(job=job)}
    assert "NUPTK tercatat untuk" in reasons[2]
    assert "sekolah induk" in reasons[3] and "mutasi" in reasons[3]
    assert "NIK berbeda" in reasons[4]
    assert job.refused == 3


def test_dinas_imports_its_schools_only_and_links_other_schools(world, imp):
    from ptk.models import PtkSchool
    from tests.ptk.conftest import enter

    p = enter(world.inst["sd"], world.roles["sd_op"])
    rows = [
        _row_for(p, world.inst["sd"].npsn),
        _row_for(
            p,
            world.inst["smp"].npsn,
            **{"PTK Induk": "0", "Rombel": "VII-A", "Mata Pelajaran": "IPA", "Jam Per Minggu": "6"},
        ),
        person(world.inst["sd_sleman"].npsn),  # another Dinas's school
        person(world.inst["sma"].npsn),  # SMA: the province's, not the kota's
    ]
    job = imp.upload(world.roles["dinas_kota_op"], csv_bytes(rows))
    assert (job.changed, job.refused) == (1, 2)
    refused = " ".join(m for e in ImportEntry.objects.filter(job=job, status="refuse") for m in e.messages)
    assert refused.count("di luar kewenangan Anda") == 2
    imp.confirm(job)
    assert PtkSchool.objects.filter(ptk=p, school=world.inst["smp"], is_home=False).exists()
    assert PtkRombel.objects.filter(ptk=p, school=world.inst["smp"], subject="IPA", hours=6).exists()
    assert PtkChange.objects.filter(ptk=p, role="Dapodik", actor=world.roles["dinas_kota_op"].user).exists()


@pytest.mark.parametrize("role_key", ["lpmp_op", "pdspk_admin", "kec_op"])
def test_offices_that_do_not_keep_school_data_cannot_import(client, world, role_key):
    from tests.factories import login_as

    login_as(client, world.roles[role_key])
    assert client.get(reverse("exchange:import_index")).status_code == 403


def test_ptk_cannot_import_and_nobody_sees_anothers_import(client, world, imp):
    from accounts.models import Role
    from tests.factories import assign, login_as, user

    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn)]))
    login_as(client, assign(user("guru.x"), Role.PTK))
    assert client.get(reverse("exchange:import_index")).status_code == 403
    login_as(client, world.roles["sd_admin"])  # same school, another person
    assert client.get(reverse("exchange:import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("exchange:import_confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "preview"


def test_confirm_in_another_role_after_a_switch_is_refused(client, world, imp):
    from accounts.models import Role
    from tests.factories import assign, login_as

    op = world.roles["sd_op"]
    other = assign(op.user, Role.OPERATOR, world.inst["smp"])
    job = imp.upload(op, csv_bytes([person(world.inst["sd"].npsn)]))
    login_as(client, other)  # switched to the SMP
    r = client.post(reverse("exchange:import_confirm", args=[job.pk]), follow=True)
    assert "diunggah dengan peran" in r.content.decode()
    job.refresh_from_db()
    assert job.status == "preview" and not Ptk.objects.exists()


def test_a_failure_while_saving_leaves_nothing_half_imported(world, imp, monkeypatch):
    import padamu.bulk

    real = padamu.bulk.copy_insert

    def boom(model, objs, **kw):
        if model is PtkRombel:
            raise RuntimeError("disk penuh")
        return real(model, objs, **kw)

    monkeypatch.setattr(padamu.bulk, "copy_insert", boom)
    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn) for _i in range(5)]))
    job = imp.confirm(job)
    assert job.status == "failed" and "dibatalkan seluruhnya" in job.error
    assert not Ptk.objects.exists() and not PtkChange.objects.exists()


def test_data_changed_since_the_preview_gives_a_new_preview(world, imp):
    from tests.ptk.conftest import enter

    row = person(world.inst["sd"].npsn)
    job = imp.upload(world.roles["sd_op"], csv_bytes([row]))
    assert job.added == 1
    from datetime import date

    enter(
        world.inst["sd"],
        world.roles["sd_op"],
        name=row["Nama"],
        nik=row["NIK"],
        sex=row["Jenis Kelamin"],
        birth_date=date.fromisoformat(row["Tanggal Lahir"]),
        mother_name=row["Nama Ibu Kandung"],
    )
    job = imp.confirm(job)
    assert job.status == "preview" and "berubah sejak pratinjau" in job.note
    assert (job.added, job.changed) == (0, 1)
    assert Ptk.objects.count() == 1


def test_status_endpoint_reports_progress(client, world, imp):
    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn)]))
    d = client.get(reverse("exchange:import_status", args=[job.pk])).json()
    assert d["status"] == "preview" and d["percent"] == 100 and d["running"] is False


def test_import_pages_use_a_constant_number_of_queries(client, world, imp, django_assert_max_num_queries):
    rows = [person(world.inst["sd"].npsn) for _i in range(60)]
    job = imp.upload(world.roles["sd_op"], csv_bytes(rows))
    for _i in range(3):
        imp.upload(world.roles["sd_op"], csv_bytes(rows[:2]))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("exchange:import_detail", args=[job.pk]))
    html = page.content.decode()
    assert html.count('class="entry-add"') == 50 and 'data-testid="next-page"' in html
    import re

    nxt = re.search(r'href="([^"]+)" data-testid="next-page"', html).group(1).replace("&amp;", "&")
    page2 = client.get(reverse("exchange:import_detail", args=[job.pk]) + nxt).content.decode()
    assert page2.count('class="entry-add"') == 10
    with django_assert_max_num_queries(12):
        assert client.get(reverse("exchange:import_index")).status_code == 200


def test_unconfirmed_previews_are_cancelled_after_a_week(client, world, imp):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from exchange.services import import_purge_stale

    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn)]))
    path = job.path
    assert default_storage.exists(path)
    assert import_purge_stale(now=timezone.now() + timedelta(days=6)) == 0
    assert import_purge_stale(now=timezone.now() + timedelta(days=8)) == 1
    job.refresh_from_db()
    assert job.status == "cancelled" and not default_storage.exists(path)
    page = client.get(reverse("exchange:import_detail", args=[job.pk])).content.decode()
    assert "tidak dikonfirmasi dalam 7 hari" in page


def test_cancel_deletes_the_file(client, world, imp):
    from django.core.files.storage import default_storage

    job = imp.upload(world.roles["sd_op"], csv_bytes([person(world.inst["sd"].npsn)]))
    path = job.path
    assert default_storage.exists(path)
    r = client.post(reverse("exchange:import_cancel", args=[job.pk]), follow=True)
    assert "Impor dibatalkan" in r.content.decode()
    job.refresh_from_db()
    assert job.status == "cancelled" and not default_storage.exists(path)
    assert client.post(reverse("exchange:import_confirm", args=[job.pk]), follow=True).status_code == 200
    job.refresh_from_db()
    assert job.status == "cancelled" and not Ptk.objects.exists()
