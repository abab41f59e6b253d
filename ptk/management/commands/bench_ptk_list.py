"""Time the PTK list (selector + keyset page, and the whole view) for the busiest Dinas and for
PDSPK on the current database and print p50/p95 in ms.

    DATABASE_URL=postgres://... manage.py seed_synthetic --schools 300000 --ptk 3000000   # once
    DATABASE_URL=postgres://... manage.py bench_ptk_list --runs 20
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings

from accounts.mfa import force_login_verified
from accounts.middleware import SESSION_KEY
from accounts.models import Institution, InstitutionKind, Role, RoleAssignment, User
from accounts.scope import ActiveRole, Scope
from padamu.pagination import _enc, keyset_page
from ptk.models import Ptk
from ptk.selectors import ptk_list

ORDER = ("name", "pk")


def _assignment(institution) -> RoleAssignment:
    user, _c = User.objects.get_or_create(
        username=f"bench.ptk.{institution.pk}", defaults={"full_name": "Bench"}
    )
    a, _c = RoleAssignment.objects.get_or_create(user=user, role=Role.OPERATOR, institution=institution)
    return a


def _client(a: RoleAssignment) -> Client:
    c = Client()
    force_login_verified(c, a.user)  # second factor counted as done
    s = c.session
    s[SESSION_KEY] = str(a.pk)
    s.save()
    return c


def _stats(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return f"p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"


class Command(BaseCommand):
    help = "Ukur waktu daftar PTK (selector dan halaman) untuk Dinas terbesar dan PDSPK (p50/p95)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)

    @override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False)
    def handle(self, *args, **o):
        total = Ptk.objects.count()
        self.stdout.write(f"{connection.vendor}, {total:,} PTK")
        busiest = Ptk.objects.values("dinas").order_by().annotate(n=Count("pk")).order_by("-n").first()
        if busiest is None:
            self.stderr.write("Belum ada PTK: jalankan seed_synthetic lebih dahulu.")
            return
        dinas = Institution.objects.get(pk=busiest["dinas"])
        pdspk = Institution.objects.filter(kind=InstitutionKind.PDSPK).first()
        sample = Ptk.objects.filter(dinas=dinas).order_by("pk").values("nik", "name").first()
        deep = _enc(["S", 0])  # keyset cursor: everyone after "S" by name, i.e. deep into the list
        cases = [
            ("halaman 1", {}),
            ("halaman dalam (setelah 'S')", {"setelah": deep}),
            ("filter belum ber-NUPTK", {"nuptk_status": "none"}),
            ("filter jenis + dalam", {"ptk_type": 4, "setelah": deep}),
            ("cari NIK", {"q": sample["nik"]}),
            ("cari nama (3 huruf)", {"q": sample["name"].split()[0][:3]}),
            ("cari nama lengkap (jarang)", {"q": sample["name"]}),
        ]
        for label, inst in (
            (f"Dinas ({busiest['n']:,} PTK)", dinas),
            (f"PDSPK ({total:,} PTK)", pdspk),
        ):
            a = _assignment(inst)
            scope = Scope(a.user, ActiveRole(a))
            client = _client(a)
            for what, params in cases:
                filters = {k: v for k, v in params.items() if k != "setelah"}
                sel, view = [], []
                for _i in range(o["runs"]):
                    t = time.perf_counter()
                    page = keyset_page(
                        ptk_list(scope=scope, filters=filters), order=ORDER, cursor=params.get("setelah")
                    )
                    sel.append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    r = client.get("/ptk/", params)
                    view.append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, r.status_code
                self.stdout.write(
                    f"  {label:<22} {what:<28} rows {len(page.items):>2}  selector {_stats(sel)}"
                )
                self.stdout.write(f"  {'':<22} {'':<28}          halaman  {_stats(view)}")
