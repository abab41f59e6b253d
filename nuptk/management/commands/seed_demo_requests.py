"""A few requests in various states for the demo (after seed_demo and seed_demo_ptk):

    manage.py seed_demo_requests

- Andi Pratama (login andi.demo), a new teacher at SD Negeri 1 Yogyakarta: a penerbitan with every
  paper attached, ready for sekolah.op to submit; then dinaskota.op, lpmp.op and pdspk.op approve it
  in turn and Andi sees his NUPTK and prints S11 (the four-login demo);
- requests waiting at the Dinas (one past the 30-minute standard), at LPMP and at PDSPK, one rejected
  with a note beside the faulty paper, one "tolak SK", one approved with its NUPTK, a data correction.

Idempotent: each demo request is found again by its PTK and kind. Skips with a message when the
demo schools or PTK are absent."""

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Institution, Role, RoleAssignment, User
from accounts.scope import ActiveRole, Scope
from nuptk import services as svc
from nuptk.models import Submission
from nuptk.requirements import DOC_KINDS, REVIEWER_CHECKS, required_assignment_years, requirements_for

DEMO_PASSWORD = "padamu-demo"
NAMES = [
    "Rina Kusumawati",
    "Yusuf Hidayat",
    "Dewi Anggraini",
    "Bayu Saputra",
    "Fajar Nugroho",
    "Maya Lestari",
    "Hendra Wijaya",
]
SCHOOL_NPSN = "20400101"


def _colour_pdf(name):
    """A scan in colour (the KTP must be one)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, 380), (60, 110, 190)).save(buf, "PDF", resolution=72)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/pdf")


def _pdf(name):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/pdf")


def _jpg(name):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 400), (90, 130, 180)).save(buf, "JPEG", quality=80)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Isi beberapa ajuan NUPTK demo dalam berbagai status (setelah seed_demo dan seed_demo_ptk)."

    def handle(self, *args, **opts):
        school = Institution.objects.filter(npsn=SCHOOL_NPSN).first()
        roles = {
            u: RoleAssignment.objects.filter(user__username=u)
            .exclude(role=Role.PTK)
            .select_related("user", "institution")
            .first()
            for u in ("sekolah.op", "dinaskota.op", "lpmp.op", "pdspk.op")
        }
        if school is None or None in roles.values():
            self.stdout.write("Data demo belum ada (jalankan seed_demo dan seed_demo_ptk dahulu); dilewati.")
            return
        self.scopes = {u: Scope(ra.user, ActiveRole(ra)) for u, ra in roles.items()}
        from ptk.models import Ptk

        others = [self._teacher(school, i, name) for i, name in enumerate(NAMES)]
        with transaction.atomic():
            andi = self._andi(school)
            self._request(andi, "penerbitan", end="draft")
            plan = ["dinas", "dinas_late", "qa", "pdspk", "rejected", "sk_rejected", "approved"]
            for ptk, end in zip(others, plan, strict=False):
                self._request(ptk, "penerbitan", end=end)
            holder = (
                Ptk.objects.filter(school=school, nuptk__isnull=False)
                .exclude(user__username="guru.demo")
                .order_by("pk")
                .first()
            )
            if holder:
                payload = {
                    "changes": [
                        {
                            "field": "mother_name",
                            "old": holder.mother_name,
                            "new": f"{holder.mother_name} Hadi",
                        }
                    ]
                }
                self._request(holder, "data_master", end="dinas", payload=payload)
        counts = Submission.objects.filter(school=school).values_list("state", flat=True)
        self.stdout.write(f"Ajuan demo di {school}: {len(counts)} ({', '.join(sorted(set(counts)))}).")
        self.stdout.write(
            "  Demo empat login: sekolah.op mengajukan ajuan Andi Pratama; dinaskota.op, lpmp.op,"
        )
        self.stdout.write(
            f"  pdspk.op menyetujui; andi.demo melihat NUPTK dan mencetak S11 (kata sandi {DEMO_PASSWORD})."
        )

    def _andi(self, school):
        from ptk.models import Ptk

        user = User.objects.filter(username="andi.demo").first()
        if user is None:
            user = User(username="andi.demo", full_name="Andi Pratama, S.Pd.")
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.PTK, institution=None)
        ptk = Ptk.objects.filter(user=user).first()
        if ptk is None:
            from ptk.services import ptk_enter

            ptk = ptk_enter(
                school=school,
                actor=self.scopes["sekolah.op"].user,
                role=self.scopes["sekolah.op"].active,
                name="Andi Pratama",
                nik="3471011203950001",
                birth_place="Yogyakarta",
                birth_date=date(1995, 3, 12),
                sex="L",
                mother_name="Sulastri",
                employment_status=8,
                ptk_type=3,
                qualification="S1",
                in_dapodik=True,
                has_rombel=True,
            )
            ptk.user = user
            ptk.save(update_fields=["user"])
        return ptk

    def _teacher(self, school, i, name, *, born=(1990, 6, 15), serial=1):
        """A teacher of ``school`` entered through the real service (found again by NIK on a re-run):
        the i-th is born ``born`` + i years; ``serial`` + i is the NIK's serial number."""
        from ptk.models import Ptk
        from ptk.services import ptk_enter

        year, month, dd = born
        sex = "P" if i % 2 else "L"
        day = dd + (40 if sex == "P" else 0)
        # PPKKCC DDMMYY SSSS, +40 on the day for women
        nik = f"347101{day:02d}{month:02d}{(year + i) % 100:02d}{i + serial:04d}"
        found = Ptk.objects.filter(nik=nik).first()
        if found:
            return found
        op = self.scopes["sekolah.op"]
        return ptk_enter(
            school=school,
            actor=op.user,
            role=op.active,
            name=name,
            nik=nik,
            birth_place="Yogyakarta",
            birth_date=date(year + i, month, dd),
            sex=sex,
            mother_name=f"Ibu {name.split()[0]}",
            employment_status=8,
            ptk_type=4,
            qualification="S1",
            in_dapodik=True,
            has_rombel=True,
        )

    def _attach_all(self, sub):
        op = self.scopes["sekolah.op"]
        today = timezone.localdate()
        for req in requirements_for(sub.kind, sub.category):
            kind = req.accepts[0]
            dk = DOC_KINDS[kind]
            image = "pdf" not in dk.types
            years = required_assignment_years(today) if dk.per_school_year else [None]
            for y in years:
                up = _jpg(f"{kind}.jpg") if image else (_colour_pdf if dk.colour else _pdf)(f"{kind}.pdf")
                extra = (
                    {"valid_from": date(today.year - 5, 7, 1), "valid_to": None} if dk.has_validity else {}
                )
                if dk.per_school_year:  # the SK penugasan of each year, from the school's yayasan
                    extra["issuer"] = sub.school.yayasan or sub.school.name
                svc.submission_document_attach(
                    scope=op,
                    pk=sub.pk,
                    requirement=req.code,
                    doc_kind=kind,
                    upload=up,
                    school_year=y,
                    number=f"DEMO/{kind}/{y or ''}".rstrip("/"),
                    **extra,
                )

    def _request(self, ptk, kind, *, end, payload=None):
        if Submission.objects.filter(ptk=ptk, kind=kind).exists():
            return
        from django.core.exceptions import ValidationError

        try:
            with transaction.atomic():
                self._walk(ptk, kind, end=end, payload=payload)
        except ValidationError as e:
            self.stdout.write(f"  {ptk}: dilewati ({' '.join(e.messages)[:120]})")

    @staticmethod
    def _approve(scope, pk):
        """As a reviewer on the page: take the request, tick every checklist item, approve."""
        svc.submission_claim(scope=scope, pk=pk)
        return svc.submission_approve(scope=scope, pk=pk, checklist={i.code: True for i in REVIEWER_CHECKS})

    @staticmethod
    def _reject(scope, pk, **kw):
        svc.submission_claim(scope=scope, pk=pk)
        return svc.submission_reject(scope=scope, pk=pk, **kw)

    def _walk(self, ptk, kind, *, end, payload=None):
        s = self.scopes
        sub = svc.submission_create(scope=s["sekolah.op"], ptk=ptk, kind=kind, payload=payload)
        self._attach_all(sub)
        if end == "draft":
            return
        sub = svc.submission_submit(scope=s["sekolah.op"], pk=sub.pk)
        if end == "dinas_late":
            Submission.objects.filter(pk=sub.pk).update(waiting_since=timezone.now() - timedelta(minutes=75))
        if end in ("dinas", "dinas_late"):
            return
        if end == "rejected":
            self._reject(
                scope=s["dinaskota.op"],
                pk=sub.pk,
                reason="unreadable",
                item="ijazah_sma",
                note="Ijazah SMA buram dan tidak terbaca. Unggah ulang scan dokumen asli berwarna.",
            )
            return
        self._approve(scope=s["dinaskota.op"], pk=sub.pk)
        if end == "qa":
            return
        self._approve(scope=s["lpmp.op"], pk=sub.pk)
        if end == "pdspk":
            return
        if end == "sk_rejected":
            self._reject(
                scope=s["pdspk.op"],
                pk=sub.pk,
                reason="sk_invalid",
                item="sk_pengangkatan",
                sk_only=True,
                note="SK pengangkatan yang diunggah bukan yang terbaru. Unggah SK tahun pelajaran berjalan.",
            )
            return
        self._approve(scope=s["pdspk.op"], pk=sub.pk)
