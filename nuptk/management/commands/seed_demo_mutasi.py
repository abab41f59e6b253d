"""Mutasi, head of school and supervisor for the demo (after seed_demo), through the real services:

    manage.py seed_demo_mutasi

- Wulan Sari moves from SD Negeri 1 Yogyakarta to SMP Negeri 2 Yogyakarta (inside Kota Yogyakarta):
  sekolah.op prepares and submits (SM01), dinaskota.op completes it (SM03);
- Teguh Santoso moves from SD Negeri 1 Yogyakarta to SD Negeri Depok 1 Sleman: sekolah.op (SM01),
  dinaskota.op forwards (SM02), dinassleman.op receives (SM04), completes it (SM03) and archives the
  case ("Arsipkan", SM05); Sleman lists it under "Mutasi masuk";
- Kartika Dewi (login kepsek.demo) becomes head of SD Negeri 1 Yogyakarta: dinaskota.op enters the
  A09, dinaskota.admin approves it (S18);
- Drs. Bambang Riyanto is entered as a new supervisor by dinaskota.op (A06) and appointed to SD Negeri
  1 and SMP Negeri 2 Yogyakarta (A10 by dinaskota.op, S19 by dinaskota.admin); dinaskota.op issues
  his account code (S02), he activates it (login: his PegID, password padamu-demo) and answers the
  EDS, and dinaskota.op prints his S03 from his page.

Idempotent: each PTK is found again by NIK and each request by its PTK and kind. Skips with a
message when the demo institutions or logins are absent."""

import io
import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Institution, Role, RoleAssignment, User
from accounts.scope import ActiveRole, Scope
from nuptk import services as svc
from nuptk.demo import approve_as_reviewer
from nuptk.kinds.pengawas import supervisor_register
from nuptk.models import Submission

DEMO_PASSWORD = "padamu-demo"
LOGINS = ("sekolah.op", "dinaskota.op", "dinaskota.admin", "dinassleman.op")
SD, SMP, SD_SLEMAN = "20400101", "20400102", "20400201"


def _pdf(name):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/pdf")


class Command(BaseCommand):
    help = "Isi demo mutasi (dalam kota dan antar kab/kota), kepala sekolah dan pengawas (setelah seed_demo)."

    def handle(self, *args, **opts):
        schools = {s.npsn: s for s in Institution.objects.filter(npsn__in=[SD, SMP, SD_SLEMAN])}
        ras = {}
        for u in LOGINS:
            ras[u] = (
                RoleAssignment.objects.filter(user__username=u, is_active=True)
                .exclude(role=Role.PTK)
                .select_related("user", "institution")
                .first()
            )
        if len(schools) < 3 or None in ras.values():
            self.stdout.write("Data demo belum ada (jalankan seed_demo dahulu); dilewati.")
            return
        self.s = {u: Scope(ra.user, ActiveRole(ra)) for u, ra in ras.items()}
        self.today = timezone.localdate()
        sd = schools[SD]
        wulan = self._ptk(sd, "Wulan Sari, S.Pd.", "3471015507920001", date(1992, 7, 15), "P")
        teguh = self._ptk(sd, "Teguh Santoso, S.Pd.", "3471011408890002", date(1989, 8, 14), "L")
        kartika = self._ptk(
            sd,
            "Kartika Dewi, S.Pd., M.Pd.",
            "3471014303800003",
            date(1980, 3, 3),
            "P",
            nip="198003032005012004",
        )
        self._account(kartika, "kepsek.demo")
        self._mutasi(wulan, schools[SMP], "dinaskota.op")
        self._mutasi(teguh, schools[SD_SLEMAN], "dinaskota.op", "dinassleman.op")
        self._archive(teguh, "dinassleman.op")
        self._head(kartika)
        self._supervisor([sd, schools[SMP]])
        done = Submission.objects.filter(
            kind__in=["mutasi", "kepala_sekolah", "pengawas"], state="approved"
        ).count()
        self.stdout.write(
            f"Demo mutasi/kepala sekolah/pengawas: {done} ajuan selesai (SM01-SM05 dengan satu mutasi diarsipkan, A06, A09, A10, S18, S19; S02 dan S03 pengawas)."
        )

    # --- people ---------------------------------------------------------------------------------

    def _ptk(self, school, name, nik, birth, sex, nip=""):
        from ptk.models import Ptk
        from ptk.services import ptk_enter

        found = Ptk.objects.filter(nik=nik).first()
        if found:
            return found
        op = self.s["sekolah.op"]
        return ptk_enter(
            school=school, actor=op.user, role=op.active, form="A05", name=name, nik=nik, birth_place="Yogyakarta",
            birth_date=birth, sex=sex, mother_name="Ibu Demo", employment_status=1 if nip else 8, ptk_type=4,
            qualification="S1", in_dapodik=True, has_rombel=True, nip=nip,
        )  # fmt: skip

    def _account(self, ptk, username):
        if ptk.user_id:
            return
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=ptk.name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.PTK, institution=None)
        ptk.user = user
        ptk.save(update_fields=["user"])

    # --- requests -------------------------------------------------------------------------------

    def _run(self, ptk, kind, fn):
        if Submission.objects.filter(ptk=ptk, kind=kind).exists():
            return
        # No enclosing transaction: each step commits on its own, as on the pages, so each letter is
        # issued when its step happens and prints the facts of that moment (an SM02 printed before
        # the move shows the old home school).
        try:
            fn()
        except ValidationError as e:
            self.stdout.write(f"  {ptk}: {kind} dilewati ({' '.join(e.messages)[:160]})")

    def _attach(self, scope, sub, requirement, doc_kind, **meta):
        svc.submission_document_attach(
            scope=scope, pk=sub.pk, requirement=requirement, doc_kind=doc_kind, upload=_pdf(f"{doc_kind}.pdf"),
            number=f"DEMO/{doc_kind}", **meta,
        )  # fmt: skip

    def _mutasi(self, ptk, to, *deciders):
        def walk():
            op = self.s["sekolah.op"]
            sub = svc.submission_create(scope=op, ptk=ptk, kind="mutasi")
            svc.submission_payload_set(
                scope=op, pk=sub.pk,
                data={"to_npsn": to.npsn, "sk_number": f"800/{ptk.pk:04d}/Kpts/{self.today.year}",
                      "sk_date": self.today - timedelta(days=7), "sk_issuer": f"Kepala {to.dinas.name}",
                      "reason": "Pemerataan guru"},
            )  # fmt: skip
            self._attach(op, sub, "sk_penempatan", "sk_penempatan")
            svc.submission_submit(scope=op, pk=sub.pk)
            for who in deciders:
                approve_as_reviewer(scope=self.s[who], pk=sub.pk)

        self._run(ptk, "mutasi", walk)

    def _head(self, ptk):
        def walk():
            dinas = self.s["dinaskota.op"]
            sub = svc.submission_create(scope=dinas, ptk=ptk, kind="kepala_sekolah")
            sk_date = self.today - timedelta(days=3)
            svc.submission_payload_set(
                scope=dinas, pk=sub.pk,
                data={"sk_number": f"821.2/{ptk.pk:04d}/{self.today.year}", "sk_date": sk_date,
                      "sk_issuer": "Kepala Dinas Pendidikan Kota Yogyakarta"},
            )  # fmt: skip
            self._attach(dinas, sub, "sk_kepala_sekolah", "sk_kepala_sekolah", valid_from=sk_date)
            svc.submission_submit(scope=dinas, pk=sub.pk)
            approve_as_reviewer(scope=self.s["dinaskota.admin"], pk=sub.pk)

        self._run(ptk, "kepala_sekolah", walk)

    def _supervisor(self, schools):
        from ptk.models import Ptk

        nik = "3471010207700003"
        dinas = self.s["dinaskota.op"]
        sk_date = self.today - timedelta(days=5)
        ptk = Ptk.objects.filter(nik=nik).first()
        if ptk is None:
            ptk, _letter = supervisor_register(
                scope=dinas,
                supervisor={"sk_number": f"821.2/1022/{self.today.year}", "sk_date": sk_date.isoformat(),
                            "sk_issuer": "Wali Kota Yogyakarta", "jenjang": "SD", "tmt": sk_date.isoformat()},
                name="Drs. Bambang Riyanto, M.Pd.", nik=nik, birth_place="Yogyakarta", birth_date=date(1970, 7, 2),
                sex="L", mother_name="Sumarni", nip="197007021995031004", employment_status=1, ptk_type=7,
                qualification="S2",
            )  # fmt: skip

        def walk():
            sub = svc.submission_create(scope=dinas, ptk=ptk, kind="pengawas")
            svc.submission_payload_set(
                scope=dinas, pk=sub.pk,
                data={"npsns": " ".join(s.npsn for s in schools), "jenjang": "SD",
                      "area": "Kecamatan Mantrijeron dan sekitarnya", "sk_number": f"821.2/1022/{self.today.year}",
                      "sk_date": sk_date, "sk_issuer": "Wali Kota Yogyakarta"},
            )  # fmt: skip
            self._attach(dinas, sub, "sk_pengawas", "sk_pengawas", valid_from=sk_date)
            svc.submission_submit(scope=dinas, pk=sub.pk)
            approve_as_reviewer(scope=self.s["dinaskota.admin"], pk=sub.pk)

        self._run(ptk, "pengawas", walk)
        self._supervisor_s03(ptk)

    def _archive(self, ptk, who):
        """The destination Dinas files the completed move (SM05), once."""
        sub = Submission.objects.filter(
            ptk=ptk, kind="mutasi", state="approved", archived_at__isnull=True
        ).first()
        if sub is not None:
            try:
                svc.submission_archive(scope=self.s[who], pk=sub.pk)
            except ValidationError as e:
                self.stdout.write(f"  {ptk}: arsip dilewati ({' '.join(e.messages)[:160]})")

    def _supervisor_s03(self, ptk):
        """The supervisor's account (S02 from the Dinas), activation, EDS, and the S03 the Dinas prints."""
        from documents.models import Letter
        from ptk.eds import QUESTIONS
        from ptk.models import PtkEds
        from ptk.services import ptk_account_activate, ptk_eds_save, ptk_s02_issue, ptk_s03_issue

        dinas = self.s["dinaskota.op"]
        if Letter.objects.filter(code="S03", subject_type="ptk", subject_id=str(ptk.pk)).exists():
            return
        if ptk.level1_at is None:
            result = ptk_s02_issue(
                ptk=ptk, actor=dinas.user, role=dinas.active, institution=dinas.active.institution
            )
            ptk = result.ptk
            user = ptk_account_activate(
                username=ptk.user.username,
                code=result.code,
                birth_date=ptk.birth_date,
                password=secrets.token_urlsafe(16),
            )
            user.set_password(DEMO_PASSWORD)  # the demo's one password (shorter than the rules ask)
            user.save(update_fields=["password"])
            ptk.refresh_from_db()
        if ptk.user_id and not PtkEds.objects.filter(ptk=ptk, submitted_at__isnull=False).exists():
            ptk_eds_save(ptk=ptk, answers={q.key: "3" for q in QUESTIONS}, actor=ptk.user, role=Role.PTK)
        try:
            ptk_s03_issue(ptk=ptk, actor=dinas.user, role=dinas.active)
        except ValidationError as e:
            self.stdout.write(f"  {ptk}: S03 dilewati ({' '.join(e.messages)[:160]})")
