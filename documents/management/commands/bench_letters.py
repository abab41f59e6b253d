"""Render N letters and report median ms per letter and pages/s.

    manage.py bench_letters --n 200                  # one process, one PDF per letter
    manage.py bench_letters --n 500 --workers 2      # two processes (like two task workers)
    manage.py bench_letters --n 500 --workers 2 --batch 50   # as the batch print: 50 per PDF

    valgrind --tool=callgrind --instr-atstart=no ... manage.py bench_letters --callgrind --n 4
                                                     # instructions per letter, whatever the load
                                                     # (deploy/bench-letter-instructions.sh)

Letters are rendered from the letter type's sample data with a fresh verification token each
(so every QR code differs), through the same code path as letter_issue (template, QR, WeasyPrint
with the cached font configuration and stylesheet). No database rows are written.
"""

import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand, CommandError


def _work(args):
    code, n, batch, *rest = args
    cg = bool(rest and rest[0])
    import django

    django.setup()
    from documents.letters import letter_preview, render_letter, render_letter_document
    from documents.rendering import documents_to_pdf

    letter, secret = letter_preview(code)
    render_letter(letter, secret=secret)  # warm up: fonts, stylesheet, templates
    times, pages = [], 0

    cpu = []
    if batch:
        docs = []
        for _i in range(n):
            t0, c0 = time.perf_counter(), time.process_time()
            letter, secret = letter_preview(code)
            docs.append(render_letter_document(letter, secret=secret))
            if len(docs) == batch:
                documents_to_pdf(docs)
                pages += sum(len(d.pages) for d in docs)
                docs = []
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        if docs:
            documents_to_pdf(docs)
            pages += sum(len(d.pages) for d in docs)
        return times, pages, cpu
    import io

    from pypdf import PdfReader

    if cg:  # instrumentation on around the renders only (the warm-up above is not counted)
        from padamu.callgrind import callgrind

        callgrind("-z")
        callgrind("-i", "on")
        for _i in range(n):
            letter, secret = letter_preview(code)
            render_letter(letter, secret=secret)
        callgrind("-d", "letters")
        callgrind("-i", "off")
        return [0.0] * n, n, [0.0] * n
    for _i in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        letter, secret = letter_preview(code)
        pdf = render_letter(letter, secret=secret)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        pages += len(PdfReader(io.BytesIO(pdf)).pages)
    return times, pages, cpu


class Command(BaseCommand):
    help = "Benchmark letter rendering: median ms per letter and pages per second."

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=200)
        parser.add_argument("--code", default="S01")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--batch", type=int, default=0, help="letters per combined PDF (0: one PDF each)")
        parser.add_argument(
            "--callgrind",
            action="store_true",
            help="running under valgrind --tool=callgrind --instr-atstart=no: count the renders' instructions",
        )

    def handle(self, *args, n, code, workers, batch, callgrind=False, **opts):
        from documents.letters import letter_type

        try:
            letter_type(code)
        except LookupError:
            raise CommandError(f"unknown letter code {code}") from None
        shares = [n // workers + (1 if i < n % workers else 0) for i in range(workers)]
        t0 = time.perf_counter()
        if callgrind:
            _work((code, n, 0, True))
            self.stdout.write(f"callgrind letters code={code} n={n}")
            return
        if workers == 1:
            results = [_work((code, n, batch))]
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(_work, [(code, s, batch) for s in shares if s]))
        wall = time.perf_counter() - t0
        times = [t for r in results for t in r[0]]
        pages = sum(r[1] for r in results)
        busy = sum(sum(r[0]) for r in results)
        cpu = [t for r in results for t in r[2]]
        self.stdout.write(
            f"{code}: {len(times)} letters, {pages} pages, workers={workers}, batch={batch or 'off'}\n"
            f"median {statistics.median(times) * 1000:.1f} ms/letter "
            f"(CPU {statistics.median(cpu) * 1000:.1f} ms) · "
            f"p95 {sorted(times)[int(len(times) * 0.95) - 1] * 1000:.1f} ms · "
            f"{pages / busy * workers:.1f} pages/s (render time) · "
            f"wall {wall:.1f} s incl. start-up ({pages / wall:.1f} pages/s)\n"
            f"CPU per worker {max(sum(r[2]) for r in results):.1f} s: with {workers} free core(s) "
            f"{pages / max(sum(r[2]) for r in results):.1f} pages/s "
            "(the wall figures above include waiting for a CPU on a shared machine)"
        )
