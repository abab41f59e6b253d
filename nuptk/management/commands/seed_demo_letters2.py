"""The Dinas's batch forward in the demo (after seed_demo, seed_demo_ptk and seed_demo_requests):

    manage.py seed_demo_letters2

- two new teachers' penerbitan requests were forwarded together by dinaskota.op from the queue
  ("Teruskan yang dipilih ke LPMP"): ONE pengantar S10 lists both (archive of the Dinas and LPMP);
- three more wait at the Dinas, taken by dinaskota.op ("Saya periksa"): log in as dinaskota.op,
  open "Antrian verval", tick them and forward them at once.

Through the real services; idempotent (each demo request is found again by its PTK and kind)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from nuptk import services as svc
from nuptk.models import Submission

from .seed_demo_requests import Command as Requests

NAMES = ["Galih Prasetya", "Intan Permatasari", "Joko Susilo", "Kartika Sari", "Lukman Hakim"]


class Command(BaseCommand):
    help = "Demo: ajuan NUPTK yang diteruskan Dinas sekaligus (satu S10) dan tiga yang siap diteruskan sekaligus."

    def handle(self, *args, **opts):
        base = Requests()
        base.stdout = self.stdout
        from accounts.models import Institution, Role, RoleAssignment
        from accounts.scope import ActiveRole, Scope

        from .seed_demo_requests import SCHOOL_NPSN

        school = Institution.objects.filter(npsn=SCHOOL_NPSN).first()
        roles = {
            u: RoleAssignment.objects.filter(user__username=u)
            .exclude(role=Role.PTK)
            .select_related("user", "institution")
            .first()
            for u in ("sekolah.op", "dinaskota.op")
        }
        if school is None or None in roles.values():
            self.stdout.write("Data demo belum ada (jalankan seed_demo dan seed_demo_ptk dahulu); dilewati.")
            return
        base.scopes = {u: Scope(ra.user, ActiveRole(ra)) for u, ra in roles.items()}
        teachers = [base._teacher(school, k, name, born=(1985, 4, 20), serial=51) for k, name in enumerate(NAMES)]
        dinas = base.scopes["dinaskota.op"]
        fresh = []
        for ptk in teachers:
            if Submission.objects.filter(ptk=ptk, kind="penerbitan").exists():
                continue
            with transaction.atomic():
                sub = svc.submission_create(scope=base.scopes["sekolah.op"], ptk=ptk, kind="penerbitan")
                base._attach_all(sub)
                svc.submission_submit(scope=base.scopes["sekolah.op"], pk=sub.pk)
            with transaction.atomic():
                svc.submission_claim(scope=dinas, pk=sub.pk)  # "Saya periksa": prints the S09 receipt
            fresh.append(sub.pk)
        if len(fresh) == len(teachers):  # first run: the first two go out together, one S10
            done = svc.submissions_forward(scope=dinas, pks=fresh[:2], checked=True)
            for code, reason in done.refused:
                self.stdout.write(f"  {code}: {reason}")
            for letter in done.letters:
                self.stdout.write(f"  S10 gabungan {letter.number}: {letter.subject_name}")
        self.stdout.write(
            "  Teruskan sekaligus: masuk sebagai dinaskota.op, buka Antrian verval, centang ajuan "
            "yang sedang Anda periksa, lalu 'Teruskan yang dipilih ke LPMP'."
        )
