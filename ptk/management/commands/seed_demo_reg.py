"""Demo of the registration to Bintang 4 and the flows around it (issue 11), walked through the real
services so the demo database holds letters of every new code and PTK at each star level. Run
after seed_demo and seed_demo_ptk; idempotent (each step runs only when its PTK/request is behind).

- SD Negeri 1 Yogyakarta (20400101): a head of school and a supervisor on record (if none), and
  "Demo Bintang 0..4" PTK (plus one whose level-2 papers were refused): S02, S03, S04/S05, S07, S08;
- guru.demo hands in S03 (Bintang 2), so sekolah.op can check the papers in the demo;
- A02 and A03 requests entered by the Dinas Kota Yogyakarta and decided by its admin;
- a school account for SMK Negeri 4 Yogyakarta: Dinas provinsi enters and recaps, LPMP creates it (S01);
- a complaint about an S08, answered by the Dinas."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Institution, Role, RoleAssignment, User
from accounts.scope import ActiveRole, Scope
from ptk.models import Ptk, Registration, RegState

PASSWORD = "padamu-demo"
# name, NIK, NUPTK, sex, birth date, target
DEMO = [
    ("Demo Bintang Nol", "3471014101900101", "", "P", date(1990, 1, 1), "star0"),
    ("Demo Bintang Satu", "3471010202910102", "", "L", date(1991, 2, 2), "star1"),
    ("Demo Berkas Ditolak", "3471014303920103", "", "P", date(1992, 3, 3), "refused"),
    ("Demo Bintang Dua", "3471010404930104", "8814773301020104", "L", date(1993, 4, 4), "star2"),
    ("Demo Bintang Tiga", "3471014505940105", "8814773301020105", "P", date(1994, 5, 5), "star3"),
    ("Demo Bintang Empat", "3471010606950106", "8814773301020106", "L", date(1995, 6, 6), "star4"),
    ("Demo Bintang Empat PegID", "3471014707960107", "", "P", date(1996, 7, 7), "star4"),
]
ORDER = ["star0", "star1", "refused", "star2", "star3", "star4"]


def _pdf(name="formulir.pdf"):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/pdf")


def _assignment(username, npsn_or_none=None):
    qs = RoleAssignment.objects.filter(user__username=username).exclude(role=Role.PTK)
    return qs.select_related("user", "institution").first()


class Command(BaseCommand):
    help = "Demo registrasi Bintang 4, A02/A03, akun sekolah dan pengaduan (jalankan seed_demo dan seed_demo_ptk dulu)."

    def handle(self, *args, **opts):
        school = Institution.objects.filter(npsn="20400101").first()
        op = _assignment("sekolah.op")
        dinas = _assignment("dinaskota.op")
        if school is None or op is None or dinas is None:
            raise CommandError("Data demo belum ada: jalankan 'manage.py seed_demo' lebih dahulu.")
        self.school, self.op, self.dinas = school, op, dinas
        with transaction.atomic():
            self._officials()
        for row in DEMO:
            with transaction.atomic():
                self._walk(*row)
        with transaction.atomic():
            self._guru_demo()
        self._home_school_requests()
        self._school_account()
        self._complaint()
        counts = {s: Ptk.objects.filter(school=school, star=s).count() for s in range(5)}
        self.stdout.write(f"Registrasi demo: PTK per bintang di {school.name}: {counts}")

    # --- officials ---------------------------------------------------------------------------------

    def _officials(self):
        from django.utils import timezone

        from accounts.selectors import official_on
        from accounts.services import official_appoint

        today = timezone.localdate()
        if official_on(institution=self.school, on=today, position="head") is None:
            official_appoint(institution=self.school, name="Drs. Bambang Sutrisno, M.Pd.", nip="196805121993031004",
                             start=date(2022, 7, 1), actor=None, source="seed_demo_reg")  # fmt: skip
        if official_on(institution=self.school, on=today, position="supervisor") is None:
            official_appoint(institution=self.school, name="Dra. Sri Handayani, M.Pd.", nip="196903081994032005",
                             start=date(2022, 7, 1), actor=None, position="supervisor", source="seed_demo_reg")  # fmt: skip

    # --- PTK at each star --------------------------------------------------------------------------

    def _walk(self, name, nik, nuptk, sex, birth, target):
        from ptk import services as ps

        active = ActiveRole(self.op)
        ptk = Ptk.objects.filter(nik=nik).first()
        if ptk is None:
            ptk = ps.ptk_enter(
                school=self.school, actor=self.op.user, role=active, form="A01" if nuptk else "A05",
                name=name, nik=nik, nuptk=nuptk or None, birth_place="Yogyakarta", birth_date=birth, sex=sex,
                mother_name="Ibu Demo", employment_status=1 if nuptk else 8, ptk_type=3, qualification="S1",
                in_dapodik=True, has_rombel=True,
            )  # fmt: skip
        if target == "star0":
            return
        if ptk.level1_at is None:
            ps.ptk_s02_issue(ptk=ptk, actor=self.op.user, role=active, institution=self.school)
            ptk.refresh_from_db()
        if target == "star1":
            return
        self._activate(ptk)
        reg = Registration.objects.get(ptk=ptk)
        if reg.state == RegState.LEVEL1:
            ps.ptk_eds_save(ptk=ptk, answers={f"q{i}": str(2 + i % 3) for i in range(1, 9)}, actor=ptk.user,
                            role=Role.PTK)  # fmt: skip
            ps.ptk_s03_issue(ptk=ptk, actor=ptk.user)
            reg.refresh_from_db()
        if reg.state == RegState.SUBMITTED and target == "refused":
            results = dict(ps.ALL_OK)
            results["sk"] = {"result": "tidak_sesuai", "note": "SK penugasan 2025/2026 belum dilampirkan"}
            ps.registration_check(ptk=ptk, active=active, actor=self.op.user, results=results)
            return
        if target in ("refused", "star2"):
            return
        if reg.state == RegState.SUBMITTED:
            ps.registration_check(ptk=ptk, active=active, actor=self.op.user, results=ps.ALL_OK)
            reg.refresh_from_db()
        if reg.state == RegState.CHECKED:
            ps.registration_pact_sign(ptk=ptk, active=active, actor=self.op.user)
            reg.refresh_from_db()
        if target == "star3":
            return
        if reg.state == RegState.PACT_SIGNED:
            ps.registration_pact_receive(ptk=ptk, active=ActiveRole(self.dinas), actor=self.dinas.user)

    def _activate(self, ptk):
        """The PTK activates the account: a fresh code (as from a reset S02) entered with the birth date."""
        from accounts.services import activation_code_issue
        from ptk.services import ptk_account_activate

        if ptk.activated_at:
            return
        a = RoleAssignment.objects.get(user=ptk.user, role=Role.PTK)
        code = activation_code_issue(user=ptk.user, actor=self.op.user, opens=[a], institution=self.school)
        user = ptk_account_activate(
            username=ptk.identifier, code=code, birth_date=ptk.birth_date, password="Demo-Aktivasi-2026!"
        )
        user.set_password(PASSWORD)  # the shared demo password (shorter than the activation rule allows)
        user.save(update_fields=["password"])
        ptk.refresh_from_db()

    def _guru_demo(self):
        from ptk import services as ps

        ptk = Ptk.objects.filter(user__username="guru.demo").first()
        if ptk is None:
            return
        reg = Registration.objects.filter(ptk=ptk).first()
        if reg is None or reg.state == RegState.LEVEL1:
            ps.ptk_eds_save(
                ptk=ptk, answers={f"q{i}": "3" for i in range(1, 9)}, actor=ptk.user, role=Role.PTK
            )
            ps.ptk_s03_issue(ptk=ptk, actor=ptk.user)

    # --- A02/A03 -----------------------------------------------------------------------------------

    def _home_school_requests(self):
        from nuptk import services as ns
        from nuptk.demo import approve_as_reviewer
        from nuptk.models import Submission

        admin = _assignment("dinaskota.admin")
        if admin is None:
            return
        other = Institution.objects.get(npsn="20400102")
        for kind, nik, nuptk, name in (
            ("induk_a02", "3471010808970108", "8814773301020108", "Demo Salah Sekolah Induk"),
            ("induk_a03", "3471014909980109", "", "Demo Belum Bersekolah Induk"),
        ):
            with transaction.atomic():
                ptk = Ptk.objects.filter(nik=nik).first()
                if ptk is None:
                    ptk = self._enter_at(other, name, nik, nuptk)
                if Submission.objects.filter(ptk=ptk, kind=kind).exists():
                    continue
                scope = Scope(self.dinas.user, ActiveRole(self.dinas))
                sub = ns.submission_create(scope=scope, ptk=ptk, kind=kind)
                ns.submission_payload_set(
                    scope=scope, pk=sub.pk, data={"npsn": "20400101", "sk_number": "421/55/2026"}
                )
                ns.submission_document_attach(scope=scope, pk=sub.pk, requirement="formulir",
                                              doc_kind="surat_penugasan", upload=_pdf())  # fmt: skip
                ns.submission_submit(scope=scope, pk=sub.pk)
            with transaction.atomic():  # decided later, by another officer (its letters print on commit)
                approve_as_reviewer(scope=Scope(admin.user, ActiveRole(admin)), pk=sub.pk)

    def _enter_at(self, school, name, nik, nuptk):
        from ptk.services import ptk_enter

        op = RoleAssignment.objects.filter(institution=school).exclude(role=Role.PTK).first() or self.op
        day, sex = int(nik[6:8]), "L"
        if day > 40:
            day, sex = day - 40, "P"
        birth = date(1900 + int(nik[10:12]), int(nik[8:10]), day)
        return ptk_enter(
            school=school, actor=op.user, role="seed_demo_reg", form="A01" if nuptk else "A05", name=name,
            nik=nik, nuptk=nuptk or None, birth_place="Yogyakarta", birth_date=birth, sex=sex,
            mother_name="Ibu Demo", employment_status=8, ptk_type=4, qualification="S1",
        )  # fmt: skip

    # --- school account ----------------------------------------------------------------------------

    def _school_account(self):
        from accounts import school_accounts as sa
        from accounts.models import SchoolAccountRequest
        from documents.services import s01_for_activation_code

        smk = Institution.objects.filter(npsn="20400104").first()
        prov, lpmp = _assignment("dinasprov.op"), _assignment("lpmp.op")
        if (
            smk is None
            or prov is None
            or lpmp is None
            or SchoolAccountRequest.objects.filter(school=smk).exists()
        ):
            return
        if sa.school_has_account(smk):
            return
        with transaction.atomic():
            sa.school_account_request_enter(scope=Scope(prov.user, ActiveRole(prov)), npsn=smk.npsn,
                                            applicant_name="Admin SMK Negeri 4 Yogyakarta")  # fmt: skip
            sa.school_account_recap(scope=Scope(prov.user, ActiveRole(prov)))
            lpmp_scope = Scope(lpmp.user, ActiveRole(lpmp))
            req = SchoolAccountRequest.objects.get(school=smk)
            req, user, a, code = sa.school_account_create(scope=lpmp_scope, pk=req.pk)
            s01_for_activation_code(target=user, code=code, actor=lpmp.user, active=ActiveRole(lpmp),
                                    institution=smk, role=Role.ADMIN, assignment_id=a.pk)  # fmt: skip

    # --- complaint ---------------------------------------------------------------------------------

    def _complaint(self):
        from documents.complaints import complaint_answer, complaint_file
        from documents.models import Complaint, Letter

        s08 = Letter.objects.filter(code="S08", school=self.school).order_by("pk").first()
        if s08 is None or Complaint.objects.filter(subject_type="letter", subject_id=str(s08.pk)).exists():
            return
        user = User.objects.get(pk=s08.subject_user_id)
        ptk_role = RoleAssignment.objects.get(user=user, role=Role.PTK)
        with transaction.atomic():
            c = complaint_file(user=user, active=ActiveRole(ptk_role), subject_type="letter", subject_id=s08.pk,
                               subject_label=f"{s08.code} {s08.number} ({s08.subject_name})", owner=s08.institution,
                               school=s08.school, text="Semester pada S08 saya mohon dicek kembali.")  # fmt: skip
            complaint_answer(user=self.dinas.user, active=ActiveRole(self.dinas), pk=c.pk,
                             answer="Sudah kami cek: semester sesuai tanggal penerimaan pakta.")  # fmt: skip
