"""Time the institution list as different roles on the current database and print p50/p95.

manage.py seed_synthetic --schools 300000 --ptk 3000000   # once, on PostgreSQL
manage.py bench_institutions --runs 30
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import override_settings

from accounts.mfa import force_login_verified
from accounts.middleware import SESSION_KEY
from accounts.models import Institution, InstitutionKind, Role, RoleAssignment, User


def _client_as(institution) -> Client:
    user, _c = User.objects.get_or_create(username=f"bench.{institution.pk}", defaults={"full_name": "Bench"})
    a, _c = RoleAssignment.objects.get_or_create(user=user, role=Role.OPERATOR, institution=institution)
    c = Client()
    force_login_verified(c, user)  # second factor counted as done
    s = c.session
    s[SESSION_KEY] = str(a.pk)
    s.save()
    return c


class Command(BaseCommand):
    help = "Ukur waktu halaman daftar lembaga (p50/p95) untuk beberapa peran."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)

    @override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False)
    def handle(self, *args, **o):
        K = InstitutionKind
        n_schools = Institution.objects.filter(kind=K.SEKOLAH).count()
        self.stdout.write(f"{connection.vendor}, {n_schools:,} sekolah")
        busiest_dinas = (
            Institution.objects.filter(kind=K.SEKOLAH)
            .values("dinas")
            .order_by()
            .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
            .order_by("-n")
            .first()
        )
        cases = [
            ("PDSPK", Institution.objects.filter(kind=K.PDSPK).first()),
            ("LPMP", Institution.objects.filter(kind=K.LPMP).order_by("pk").first()),
            ("Dinas terbesar", Institution.objects.get(pk=busiest_dinas["dinas"])),
        ]
        for label, inst in cases:
            c = _client_as(inst)
            first = c.get("/lembaga/", {"kind": "sekolah"})
            cursor = first.context["page"].next_cursor if first.context else None
            for what, params in (
                ("halaman 1", {"kind": "sekolah"}),
                ("halaman 2", {"kind": "sekolah", "setelah": cursor or ""}),
                ("cari NPSN", {"q": "30012345"}),
                ("cari nama", {"q": "Sintetis 12345"}),
            ):
                times = []
                for _i in range(o["runs"]):
                    reset_queries()
                    t = time.perf_counter()
                    r = c.get("/lembaga/", params)
                    times.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200
                times.sort()
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                self.stdout.write(
                    f"  {label:<15} {what:<10} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"
                )
