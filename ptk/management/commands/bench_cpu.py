"""CPU time per request of the busiest pages, in-process: a figure a shared or loaded machine barely
disturbs (wall-clock req/s does), so a change to the per-request Python cost can be measured anywhere.

    manage.py bench_cpu [--runs 200] [--profile 'PTK list, Dinas'] [--top 40]

Logs in (session cookie, second factor counted as done) as an operator of the school with the most
PTK, of the busiest Dinas (by PTK, and by requests waiting), of that Dinas's QA office and of PDSPK,
and sends GET requests straight to Django's WSGI handler (the whole middleware stack, as gunicorn
calls it, no socket). Per page it prints the median and p90 of ``time.process_time()`` per request
(this process's CPU only: PostgreSQL's own work runs in its process and is not counted), the wall
median, and the number of SQL queries. ``--profile LABEL`` runs cProfile over that page instead and
prints the ``--top`` functions by cumulative and by own time.

Run it with the production settings to measure what gunicorn runs (WhiteNoise, manifest static files:
``collectstatic`` first; logs go wherever LOGGING sends them, so redirect stdout or set LOG_LEVEL):

    DJANGO_SETTINGS_MODULE=padamu.settings.production SECRET_KEY=x SECURE_SSL_REDIRECT=false \\
      LOG_REQUEST_LEVEL=WARNING manage.py bench_cpu
"""

import cProfile
import io
import os
import pstats
import statistics
import time

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from accounts.mfa import force_login_verified
from accounts.middleware import SESSION_KEY
from accounts.models import Institution, InstitutionKind, Role, RoleAssignment, User
from padamu.callgrind import callgrind


def _session_cookie(inst: Institution) -> str:
    user, _c = User.objects.get_or_create(
        username=f"bench.cpu.{inst.pk}", defaults={"full_name": "Bench CPU"}
    )
    ra, _c = RoleAssignment.objects.get_or_create(user=user, role=Role.OPERATOR, institution=inst)
    c = Client()
    force_login_verified(c, user)
    s = c.session
    s[SESSION_KEY] = str(ra.pk)
    s.save()
    return f"{settings.SESSION_COOKIE_NAME}={s.session_key}"


def _environ(path: str, cookie: str) -> dict:
    import sys

    p, _sep, qs = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": p,
        "QUERY_STRING": qs,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "HTTP_COOKIE": cookie,
        "HTTP_USER_AGENT": "padamu-bench-cpu",
        "HTTP_ACCEPT": "text/html",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


class Command(BaseCommand):
    help = "Ukur waktu CPU per permintaan halaman tersibuk (daftar PTK, antrian) di dalam proses."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=200)
        parser.add_argument("--profile", default="", help="label of one page: cProfile it instead")
        parser.add_argument("--top", type=int, default=40)
        parser.add_argument(
            "--callgrind",
            action="store_true",
            help="running under valgrind --tool=callgrind --instr-atstart=no: count instructions per page "
            "(deploy/bench-instructions.sh)",
        )
        parser.add_argument(
            "--urls",
            action="store_true",
            help="print label, path and session cookie per page, tab-separated (bench-wrk.sh)",
        )
        parser.add_argument(
            "--pages", default="", help="only pages whose label contains one of these (separated by ;)"
        )

    def _pages(self) -> list[tuple[str, Institution, str]]:
        from nuptk.models import Submission
        from ptk.models import Ptk

        ptk_url, queue_url, list_url = reverse("ptk:list"), reverse("nuptk:queue"), reverse("nuptk:list")
        pages = []
        school = Ptk.objects.values("school").order_by().annotate(n=Count("pk")).order_by("-n").first()
        dinas = Ptk.objects.values("dinas").order_by().annotate(n=Count("pk")).order_by("-n").first()
        pdspk = Institution.objects.filter(kind=InstitutionKind.PDSPK).order_by("pk").first()
        if school is None or dinas is None or pdspk is None:
            raise CommandError("Belum ada PTK: jalankan seed_synthetic lebih dahulu.")
        school_i = Institution.objects.get(pk=school["school"])
        dinas_i = Institution.objects.get(pk=dinas["dinas"])
        pages += [
            ("PTK list, school", school_i, ptk_url),
            ("PTK list, Dinas", dinas_i, ptk_url),
            ("PTK list, PDSPK", pdspk, ptk_url),
            ("PTK search, Dinas", dinas_i, ptk_url + "?q=Sit"),
        ]
        top = (
            Submission.objects.filter(state="at_dinas")
            .values("dinas_id")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if top:
            qdinas = Institution.objects.get(pk=top["dinas_id"])
            pages.append(("queue, Dinas", qdinas, queue_url))
            qa = (
                Submission.objects.filter(dinas=qdinas)
                .exclude(qa_office=None)
                .values_list("qa_office", flat=True)
                .first()
            )
            if qa:
                pages.append(("queue, QA office", Institution.objects.get(pk=qa), queue_url))
            pages.append(("queue, PDSPK", pdspk, queue_url))
            sschool = Submission.objects.values("school_id").annotate(n=Count("pk")).order_by("-n").first()
            pages.append(("requests, school", Institution.objects.get(pk=sschool["school_id"]), list_url))
        return pages

    @override_settings(ALLOWED_HOSTS=["localhost"])
    def handle(self, *args, **o):
        handler = WSGIHandler()
        pages = self._pages()
        if not o["urls"]:
            self.stdout.write(
                f"{connection.vendor}; settings {os.environ.get('DJANGO_SETTINGS_MODULE')}; runs={o['runs']}"
            )
            self.stdout.write(
                f"{'page':<22} {'CPU p50 ms':>10} {'CPU p90 ms':>10} {'wall p50':>9} {'queries':>8} {'KB':>6}"
            )
        cookies: dict[int, str] = {}
        status = {}

        def start_response(st, headers, exc_info=None):
            status["s"] = st

        def call(path, cookie):
            body = b"".join(handler(_environ(path, cookie), start_response))
            return body

        found = False
        dumps = 0
        for label, inst, path in pages:
            if o["profile"] and o["profile"] != label:
                continue
            if o["pages"] and not any(w.strip() in label for w in o["pages"].split(";")):
                continue
            found = True
            cookie = cookies.setdefault(inst.pk, _session_cookie(inst))
            if o["urls"]:
                self.stdout.write(f"{label}\t{path}\t{cookie}")
                continue
            body = call(path, cookie)
            if not status["s"].startswith("200"):
                raise CommandError(f"{label}: {path} -> {status['s']}")
            for _i in range(3):
                call(path, cookie)
            nq = [0]

            def counter(execute, sql, params, many, context, nq=nq):
                nq[0] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counter):
                call(path, cookie)
            if o["profile"]:
                prof = cProfile.Profile()
                prof.enable()
                for _i in range(o["runs"]):
                    call(path, cookie)
                prof.disable()
                stats = pstats.Stats(prof)
                groups: dict[str, float] = {}
                for (filename, _line, _fn), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
                    key = filename.split("site-packages/")[-1].split("/")
                    key = "/".join(key[:2]) if "site-packages/" in filename else filename.split("/")[-2:][0]
                    groups[key] = groups.get(key, 0.0) + tt
                total = sum(groups.values())
                self.stdout.write("own time by package (share of the profiled total):")
                for key, tt in sorted(groups.items(), key=lambda kv: -kv[1])[:25]:
                    self.stdout.write(f"  {key:<40} {100 * tt / total:5.1f} %")
                for key in ("cumulative", "tottime"):
                    out = io.StringIO()
                    pstats.Stats(prof, stream=out).sort_stats(key).print_stats(o["top"])
                    self.stdout.write(out.getvalue())
                return
            if o["callgrind"]:
                callgrind("-z")
                callgrind("-i", "on")
                for _i in range(o["runs"]):
                    call(path, cookie)
                dumps += 1
                callgrind("-d", f"page{dumps}")
                callgrind("-i", "off")
                self.stdout.write(f"callgrind page{dumps} runs={o['runs']} queries={nq[0]} label={label}")
                continue
            cpu, wall = [], []
            for _i in range(o["runs"]):
                c0, w0 = time.process_time(), time.perf_counter()
                call(path, cookie)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            cpu.sort()
            self.stdout.write(
                f"{label:<22} {statistics.median(cpu):10.2f} {cpu[int(len(cpu) * 0.9)]:10.2f} "
                f"{statistics.median(wall):9.2f} {nq[0]:8d} {len(body) // 1024:6d}"
            )
        if not found:
            raise CommandError(f"no page labelled {o['profile']!r}: {', '.join(p[0] for p in pages)}")
