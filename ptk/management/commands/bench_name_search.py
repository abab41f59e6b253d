"""Time name searches at every level (selector + first keyset page, i.e. the database work of the
list page) and print p50/p95 in ms:

    manage.py bench_name_search --runs 20

PTK list (ptk.selectors.ptk_list ordered by name): at a school, the busiest Dinas, the busiest LPMP
and PDSPK; request queues (nuptk.selectors.queue, oldest first) at the busiest Dinas queue, its LPMP
and PDSPK. Terms come from a PTK of that scope: 3 letters of the first name, the first name, the family name,
first and family name together, the rare full name, and a name that matches nothing.
Run after seed_synthetic (and seed_synthetic_requests); see docs/adr/0100-name-search.md.
"""

import importlib
import statistics
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count

from accounts.models import Institution, InstitutionKind, Role, RoleAssignment, User
from accounts.scope import ActiveRole, Scope
from padamu.pagination import keyset_page
from ptk.models import Ptk
from ptk.selectors import ptk_list


def _p95(values):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(0.95 * (len(values) - 1))))]


def _scope(inst) -> Scope:
    user, _c = User.objects.get_or_create(username=f"bench.cari.{inst.pk}", defaults={"full_name": "Bench"})
    a, _c = RoleAssignment.objects.get_or_create(user=user, role=Role.OPERATOR, institution=inst)
    return Scope(user, ActiveRole(a))


def _terms(name: str) -> list[tuple[str, str]]:
    words = name.split()
    return [
        ("3 huruf", words[0][:3]),
        ("nama depan", words[0]),
        ("nama belakang", words[1] if len(words) > 1 else words[0]),
        ("depan + belakang", " ".join(words[:2])),
        ("nama lengkap (jarang)", name),
        ("tidak ada", "Zzyzx Qwv"),
    ]


class Command(BaseCommand):
    help = "Ukur waktu pencarian nama (daftar PTK dan antrian ajuan) di setiap tingkat (p50/p95)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--only", choices=["ptk", "antrian"], default=None)

    def _time(self, fn, runs):
        fn()  # warm up
        times = []
        rows = 0
        for _i in range(runs):
            t = time.perf_counter()
            rows = fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times), _p95(times), rows

    def _row(self, where, what, term, res):
        p50, p95, rows = res
        self.worst = max(self.worst, p95)
        self.stdout.write(f"  {where:<30} {what:<22} {term[:26]:<26} {rows:>3} {p50:8.1f} {p95:8.1f}")

    def handle(self, *args, **o):
        runs = o["runs"]
        self.worst = 0.0
        total = Ptk.objects.count()
        busiest = Ptk.objects.values("dinas").order_by().annotate(n=Count("pk")).order_by("-n").first()
        if busiest is None:
            self.stderr.write("Belum ada PTK: jalankan seed_synthetic lebih dahulu.")
            return
        dinas = Institution.objects.get(pk=busiest["dinas"])
        top_qa = Ptk.objects.values("qa_office").order_by().annotate(n=Count("pk")).order_by("-n").first()
        qa = Institution.objects.get(pk=top_qa["qa_office"])
        pdspk = Institution.objects.filter(kind=InstitutionKind.PDSPK).first()
        sample = Ptk.objects.filter(dinas=dinas).order_by("pk").select_related("school").first()
        school_n = Ptk.objects.filter(school=sample.school).count()
        self.stdout.write(f"{connection.vendor}, {total:,} PTK; runs={runs}; selector + halaman pertama (ms)")
        self.stdout.write(f"  {'tingkat':<30} {'cari':<22} {'kata':<26} {'n':>3} {'p50':>8} {'p95':>8}")
        levels = [
            (f"sekolah ({school_n} PTK)", sample.school, sample),
            (f"Dinas ({busiest['n']:,} PTK)", dinas, sample),
            (f"LPMP ({top_qa['n']:,} PTK)", qa, Ptk.objects.filter(qa_office=qa).order_by("pk").first()),
            (f"PDSPK ({total:,} PTK)", pdspk, sample),
        ]
        for where, inst, one in levels if o["only"] != "antrian" else []:
            scope = _scope(inst)
            for what, term in _terms(one.name):

                def run(scope=scope, term=term):
                    return len(
                        keyset_page(
                            ptk_list(scope=scope, filters={"q": term}), order=("name", "pk"), cursor=None
                        ).items
                    )

                self._row(where, what, term, self._time(run, runs))
        if o["only"] != "ptk":
            self._queues(runs)
        self.stdout.write(f"p95 terburuk: {self.worst:.1f} ms (target <= 50 ms)")

    def _queues(self, runs):
        try:
            Submission = apps.get_model("nuptk", "Submission")
            queue = importlib.import_module("nuptk.selectors").queue
        except (LookupError, ImportError):
            return
        top = (
            Submission.objects.filter(state="at_dinas")
            .values("dinas_id")
            .order_by()
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if top is None:
            self.stdout.write("  (tidak ada ajuan: jalankan seed_synthetic_requests untuk antrian)")
            return
        dinas = Institution.objects.get(pk=top["dinas_id"])
        sub = (
            Submission.objects.filter(state="at_dinas", dinas=dinas)
            .exclude(qa_office=None)
            .order_by("pk")
            .first()
        )
        qa = Institution.objects.get(pk=sub.qa_office_id)
        pdspk = Institution.objects.filter(kind=InstitutionKind.PDSPK).first()
        self.stdout.write(f"antrian ajuan: {Submission.objects.count():,} ajuan")
        for where, inst, state in (
            (f"antrian Dinas ({top['n']:,})", dinas, "at_dinas"),
            ("antrian LPMP", qa, "at_qa"),
            ("antrian PDSPK", pdspk, "at_pdspk"),
        ):
            scope = _scope(inst)
            filt = {
                "state": state,
                **({"dinas": inst} if state == "at_dinas" else {}),
                **({"qa_office": inst} if state == "at_qa" else {}),
            }
            waiting = Submission.objects.filter(**filt).order_by("waiting_since", "pk").first()
            if waiting is None:
                continue
            for what, term in _terms(waiting.ptk_name):

                def run(scope=scope, term=term):
                    return len(
                        keyset_page(
                            queue(scope=scope, filters={"q": term}),
                            order=("waiting_since", "pk"),
                            cursor=None,
                            two_step=True,  # as the queue page does for a search
                        ).items
                    )

                self._row(where, what, term, self._time(run, runs))
