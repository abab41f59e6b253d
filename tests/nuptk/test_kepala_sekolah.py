"""Head of school (A09 -> Dinas -> S18) through the real services: the Dinas enters it, another
person of the Dinas approves it, the PTK heads the school from the SK date, the previous head's
term ends, letters signed "Kepala Sekolah" carry the new head; every refusal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.models import OfficialPosition
from accounts.selectors import official_on
from accounts.services import official_appoint
from documents.models import Letter
from nuptk import services as svc
from nuptk.models import Submission
from tests.factories import user
from tests.nuptk.conftest import approve, reject  # noqa: F401 (claim, tick the checklist, decide)

from .conftest import fake_file, make_ptk, scope_of

pytestmark = pytest.mark.django_db

SK_DATE = date.today() - timedelta(days=10)


def _entered(world, ptk, *, sk_date=SK_DATE, attach=True):
    dinas = scope_of(world.roles["dinas_kota_op"])
    sub = svc.submission_create(scope=dinas, ptk=ptk, kind="kepala_sekolah")
    svc.submission_payload_set(
        scope=dinas,
        pk=sub.pk,
        data={
            "sk_number": "821.2/0917/2026",
            "sk_date": sk_date,
            "sk_issuer": "Kepala Dinas Pendidikan Kota Yogyakarta",
        },
    )
    if attach:
        svc.submission_document_attach(
            scope=dinas,
            pk=sub.pk,
            requirement="sk_kepala_sekolah",
            doc_kind="sk_kepala_sekolah",
            upload=fake_file("sk_kepala_sekolah"),
            valid_from=sk_date,
        )
    return dinas, Submission.objects.get(pk=sub.pk)


def test_a09_s18_the_ptk_heads_the_school_from_the_sk_date(world, django_capture_on_commit_callbacks):
    sd = world.inst["sd"]
    old = official_appoint(institution=sd, name="Drs. Kepala Lama", start=date(2020, 1, 1), actor=None)
    ptk = make_ptk(sd, name="Siti Rahmawati, S.Pd.", nip="198804122010012003", user=user("siti.kepsek"))
    dinas, sub = _entered(world, ptk)
    assert sub.origin == world.inst["dinas_kota"]
    with django_capture_on_commit_callbacks(execute=True):
        svc.submission_submit(scope=dinas, pk=sub.pk)
    # four eyes: the Dinas operator who entered it cannot approve it
    with pytest.raises(ValidationError, match="Anda ikut menyiapkan ajuan ini"):
        approve(scope=dinas, pk=sub.pk)
    with django_capture_on_commit_callbacks(execute=True):
        sub = approve(scope=scope_of(world.roles["dinas_kota_admin"]), pk=sub.pk)
    assert sub.state == "approved"
    head = official_on(institution=sd, on=SK_DATE)
    assert head.name == "Siti Rahmawati, S.Pd." and head.user == ptk.user and head.nip == ptk.nip
    # the signer of a letter "Kepala Sekolah" dated before the SK is the old head, from it the new one
    assert official_on(institution=sd, on=SK_DATE - timedelta(days=1)) == old
    assert official_on(institution=sd, on=date.today(), position=OfficialPosition.HEAD) == head
    old.refresh_from_db()
    assert old.end == SK_DATE - timedelta(days=1)
    ptk.refresh_from_db()
    assert ptk.ptk_type == 20
    codes = sorted(
        Letter.objects.filter(subject_type="request", subject_id=sub.pk).values_list("code", flat=True)
    )
    assert codes == ["A09", "S18"]
    s18 = Letter.objects.get(subject_id=sub.pk, code="S18")
    assert s18.institution == world.inst["dinas_kota"]
    assert s18.data["appointment"]["previous_head"] == "Drs. Kepala Lama"
    assert s18.data["appointment"]["sk_number"] == "821.2/0917/2026"


def test_refusals(world):
    sd = world.inst["sd"]
    official_appoint(institution=sd, name="Kepala Sekarang", start=SK_DATE, actor=None)
    ptk = make_ptk(sd)
    # a school may not enter it; another Dinas may not either
    for role in ("sd_op", "dinas_sleman_op", "lpmp_op"):
        with pytest.raises(ValidationError, match="tidak dapat membuat ajuan"):
            svc.submission_create(scope=scope_of(world.roles[role]), ptk=ptk, kind="kepala_sekolah")
    # an SK not later than the current head's start, and a missing SK paper
    dinas, sub = _entered(world, ptk, sk_date=SK_DATE - timedelta(days=5), attach=False)
    with pytest.raises(ValidationError) as e:
        svc.submission_submit(scope=dinas, pk=sub.pk)
    msg = " ".join(e.value.messages)
    assert "Kepala Sekarang" in msg and "SK pengangkatan kepala sekolah" in msg and "Belum dilampirkan" in msg
    # an SK dated in the future
    with pytest.raises(ValidationError, match="setelah hari ini"):
        svc.submission_payload_set(
            scope=dinas,
            pk=sub.pk,
            data={"sk_number": "1", "sk_date": date.today() + timedelta(days=3), "sk_issuer": "Yayasan"},
        )
    assert Submission.objects.get(pk=sub.pk).state == "draft"
