"""Server time of the queue and review pages:

    manage.py bench_queue [--runs 50]

Logs in (Django test Client, force_login) as an operator of the busiest Dinas, of that Dinas's LPMP
and of PDSPK, then times GET requests of: the queue (first page, a later page by cursor, filtered by
kind, a search) and review pages of waiting requests. Prints p50/p95 per page in milliseconds and
the number of SQL queries of each page. Run it against PostgreSQL after seed_synthetic_requests.

    manage.py bench_queue --sql [--runs 15]

prints instead, for the queue query itself (first page, kind filter, waiting > 1 day) of each of those
offices, the PostgreSQL execution time (EXPLAIN ANALYZE, p50 and max) and the indexes of the plan:
a figure that a loaded machine disturbs less than whole pages."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from accounts.mfa import force_login_verified
from accounts.middleware import SESSION_KEY
from accounts.models import Institution, InstitutionKind, Role, RoleAssignment, User
from nuptk.models import Submission


def _p(values, q):
    values = sorted(values)
    if not values:
        return 0.0
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


class Command(BaseCommand):
    help = "Ukur waktu server halaman antrian dan pemeriksaan ajuan (p50/p95)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--sql", action="store_true", help="EXPLAIN ANALYZE the queue queries only")

    def _client(self, inst):
        user, _c = User.objects.get_or_create(
            username=f"bench.{inst.pk}", defaults={"full_name": f"Bench {inst.name}"}
        )
        ra, _c = RoleAssignment.objects.get_or_create(user=user, role=Role.OPERATOR, institution=inst)
        c = Client(HTTP_HOST="localhost")
        force_login_verified(c, user)  # second factor counted as done
        s = c.session
        s[SESSION_KEY] = str(ra.pk)
        s.save()
        return c

    def _time(self, client, url, runs):
        r = client.get(url)  # warm up
        if r.status_code != 200:
            raise SystemExit(f"{url} -> {r.status_code}")
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            client.get(url)
        times = []
        for _i in range(runs):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            reset_queries()
        return times, count[0], r

    def _explain(self, offices, runs):
        from accounts.scope import ActiveRole, Scope
        from nuptk import selectors as sel

        self.stdout.write(f"{'lembaga':<34} {'kueri':<12} {'p50 ms':>8} {'max ms':>8}  indeks")
        for inst in offices:
            user, _c = User.objects.get_or_create(
                username=f"bench.{inst.pk}", defaults={"full_name": "Bench"}
            )
            ra, _c = RoleAssignment.objects.get_or_create(user=user, role=Role.OPERATOR, institution=inst)
            scope = Scope(user, ActiveRole(ra))
            for label, filters in (
                ("hal. 1", {}),
                ("jenis", {"kind": "penerbitan"}),
                ("> 1 hari", {"older_than": "1440"}),
            ):
                qs = sel.queue(scope=scope, filters=filters).order_by("waiting_since", "pk")[:26]
                sql, params = qs.query.sql_with_params()
                times, indexes = [], set()
                with connection.cursor() as cur:
                    for _i in range(runs):
                        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                        plan = cur.fetchone()[0][0]
                        times.append(plan["Execution Time"])
                stack = [plan["Plan"]]
                while stack:
                    node = stack.pop()
                    if "Index Name" in node and node["Relation Name"] == "nuptk_submission":
                        indexes.add(f"{node['Node Type']} {node['Index Name']}")
                    stack.extend(node.get("Plans", []))
                self.stdout.write(
                    f"{inst.get_kind_display():<34} {label:<12} {_p(times, 0.5):8.2f} {max(times):8.2f}  {', '.join(sorted(indexes))}"
                )

    def handle(self, *args, **o):
        runs = o["runs"]
        total = Submission.objects.count()
        top = (
            Submission.objects.filter(state="at_dinas")
            .values("dinas_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if not top:
            raise SystemExit("Tidak ada ajuan di antrian Dinas: jalankan seed_synthetic_requests dulu.")
        dinas = Institution.objects.get(pk=top["dinas_id"])
        any_sub = Submission.objects.filter(dinas=dinas).exclude(qa_office=None).first()
        lpmp = Institution.objects.get(pk=any_sub.qa_office_id)
        pdspk = Institution.objects.filter(kind=InstitutionKind.PDSPK).order_by("pk").first()
        self.stdout.write(
            f"{connection.vendor}; {total:,} ajuan; Dinas: {dinas} ({top['n']:,} menunggu); QA: {lpmp}; runs={runs}"
        )
        if o["sql"]:
            if connection.vendor != "postgresql":
                raise SystemExit("--sql membutuhkan PostgreSQL (EXPLAIN ANALYZE).")
            self._explain((dinas, lpmp, pdspk), runs)
            return
        rows = []
        for inst, state, key in (
            (dinas, "at_dinas", "dinas_id"),
            (lpmp, "at_qa", "qa_office_id"),
            (pdspk, "at_pdspk", None),
        ):
            c = self._client(inst)
            q = reverse("nuptk:queue")
            waiting = Submission.objects.filter(
                state=state, **({key: inst.pk} if key else {})
            ).select_related("ptk")
            first = waiting.order_by("waiting_since", "pk").first()
            if first is None:
                continue
            _t, _n, r = self._time(c, q, 1)
            import re

            m = re.search(r'href="\?setelah=([^"&]+)"', r.text)
            pages = [
                ("antrian hal. 1", q),
                ("antrian, jenis=penerbitan", f"{q}?kind=penerbitan"),
                ("antrian, cari nama", f"{q}?q={first.ptk.name.split()[0]}"),
                ("antrian, cari NIK", f"{q}?q={first.ptk.nik}"),
                ("antrian, menunggu > 1 hari", f"{q}?older_than=1440"),
            ]
            if m:
                pages.insert(1, ("antrian hal. 2", f"{q}?setelah={m.group(1)}"))
            sample = list(
                waiting.order_by("waiting_since", "pk").values_list("pk", flat=True)[:: max(1, 1)][:20]
            )
            for label, url in pages:
                times, nq, _r = self._time(c, url, runs)
                rows.append((inst.get_kind_display(), label, times, nq))
            review_times, nq = [], 0
            for pk in sample:
                times, nq, _r = self._time(c, reverse("nuptk:detail", args=[pk]), max(1, runs // len(sample)))
                review_times += times
            rows.append((inst.get_kind_display(), "halaman pemeriksaan", review_times, nq))
        self.stdout.write(f"{'lembaga':<34} {'halaman':<30} {'p50 ms':>8} {'p95 ms':>8} {'query':>6}")
        worst = 0.0
        for kind, label, times, nq in rows:
            p50, p95 = _p(times, 0.5), _p(times, 0.95)
            worst = max(worst, p95)
            self.stdout.write(f"{kind:<34} {label:<30} {p50:8.1f} {p95:8.1f} {nq:6d}")
        self.stdout.write(
            f"p95 terburuk: {worst:.1f} ms (target <= 50 ms); median semua: {statistics.median([t for r in rows for t in r[2]]):.1f} ms"
        )
