"""Deterministic synthetic requests for the queue benchmark:

    manage.py seed_synthetic --schools 300000 --ptk 3000000     # the lead's schools and PTK
    manage.py seed_synthetic_requests --requests 1000000

Request i goes to synthetic PTK i (a second round of kinds when there are more requests than PTK),
with a state mix close to a busy season: a third waiting at a Dinas, the rest at LPMP/PDSPK, approved,
rejected or draft; waiting times spread over 60 days. Every non-draft request has its submit log row
and every decided one its decision row, so the statistics pages have data. Rows go in with COPY on
PostgreSQL (bulk inserts elsewhere). The same arguments always give the same rows; running again tops
up to the asked size."""

import random
import time
from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from accounts.models import Institution, InstitutionKind, User
from accounts.policy import Tier
from nuptk import kinds as kind_registry
from nuptk.levels import FULL
from nuptk.models import Submission
from nuptk.requirements import category_of
from ptk.models import Ptk

KIND_MIX = ["penerbitan"] * 6 + ["penonaktifan", "reaktivasi", "klaim", "verval_arsip", "data_master", "foto"]
STANDARD_LEVELS = {lv.code for lv in FULL}
STATE_MIX = [("at_dinas", 30), ("at_qa", 15), ("at_pdspk", 15), ("approved", 25), ("rejected", 10), ("draft", 5)]
REASONS = ["incomplete", "unreadable", "not_legalised", "sk_invalid", "sk_penugasan", "data_mismatch", "other"]
EPOCH = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
SUB_COLS = [
    "kind",
    "ptk_id",
    "ptk_name",
    "school_id",
    "origin_id",
    "dinas_id",
    "qa_office_id",
    "state",
    "level_index",
    "waiting_at_id",
    "waiting_since",
    "category",
    "payload",
    "checks",
    "request_date",
    "first_submitted_at",
    "submitted_at",
    "submitted_by_id",
    "created_by_id",
    "created_at",
    "claimed_by_id",
    "claimed_at",
    "reject_reason",
    "reject_note",
    "reject_item",
    "decided_at",
    "result_nuptk",
    "rounds",
]
LOG_COLS = [
    "submission_id",
    "action",
    "actor_id",
    "role",
    "institution_id",
    "at",
    "from_state",
    "to_state",
    "level",
    "waited_seconds",
    "note",
    "reason",
    "item",
    "checklist",
]


def _pick(rnd, mix):
    total = sum(w for _s, w in mix)
    x = rnd.randrange(total)
    for s, w in mix:
        if x < w:
            return s
        x -= w
    return mix[-1][0]


def _copy(table, cols, rows):
    if not rows:
        return
    if connection.vendor != "postgresql":
        with connection.cursor() as cur:
            marks = ", ".join(["%s"] * len(cols))
            cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
        return
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)


class Command(BaseCommand):
    help = "Buat ajuan sintetis deterministik untuk benchmark antrian (--requests)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch", type=int, default=20000)

    def handle(self, *args, **o):
        t0 = time.monotonic()
        if not Ptk.objects.filter(name__endswith=" (sintetis)").exists():
            self.stdout.write(
                "Belum ada PTK sintetis: membuat data minimal (seed_synthetic --schools 200 --ptk 2000)."
            )
            call_command("seed_synthetic", schools=200, ptk=2000, stdout=self.stdout)
        bot, _c = User.objects.get_or_create(
            username="sintetis.ajuan", defaults={"full_name": "Operator sintetis", "is_active": False}
        )
        pdspk = (
            Institution.objects.filter(kind=InstitutionKind.PDSPK)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        have = Submission.objects.filter(created_by=bot).count()
        n = o["requests"]
        if have >= n:
            self.stdout.write(f"Sudah ada {have:,} ajuan sintetis.")
            return
        ptks = list(
            Ptk.objects.filter(name__endswith=" (sintetis)")
            .order_by("pk")
            .values_list(
                "pk",
                "school_id",
                "dinas_id",
                "qa_office_id",
                "employment_status",
                "ptk_type",
                "school__status",
                "name",
            )[: max(n, 1)]
        )
        self.stdout.write(f"{len(ptks):,} PTK sintetis; menulis ajuan {have + 1:,}..{n:,}")
        subs = []
        for i in range(have, n):
            subs.append(self._row(i, ptks, o["seed"], bot.pk, pdspk))
            if len(subs) >= o["batch"]:
                self._flush(subs, bot.pk, pdspk)
                subs = []
                self.stdout.write(f"  ajuan {i + 1:,}/{n:,}")
        self._flush(subs, bot.pk, pdspk)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE nuptk_submission; ANALYZE nuptk_submissionlog;")
        self.stdout.write(
            self.style.SUCCESS(f"Selesai: {n:,} ajuan sintetis dalam {time.monotonic() - t0:.0f} detik.")
        )

    def _row(self, i, ptks, seed, bot, pdspk):
        rnd = random.Random(seed * 9_000_011 + i)
        ptk_id, school, dinas, qa, emp, ptype, sstatus, name = ptks[i % len(ptks)]
        round_ = i // len(ptks)  # a PTK gets a different kind in every round: (ptk, kind) stays unique
        # the kinds a school starts on the three standard levels (a mutasi's destination Dinas, a
        # Dinas-prepared kind need a payload the generator does not invent)
        kinds = [k.code for k in kind_registry.all()
                 if Tier.SCHOOL in k.starters and k.route_for is None and {lv.code for lv in k.route} <= STANDARD_LEVELS]  # fmt: skip
        base = kinds.index(KIND_MIX[(i % len(ptks)) * 7 % len(KIND_MIX)])
        kind = kinds[(base + round_) % len(kinds)]
        route = kind_registry.get(kind).route
        state = _pick(rnd, STATE_MIX)
        level = None
        if state.startswith("at_"):
            level = next((lv for lv in route if lv.state == state), None)
            if level is None:
                level = route[rnd.randrange(len(route))]
            state = level.state
        created = EPOCH - timedelta(minutes=rnd.randrange(60 * 24 * 60))
        submitted = created + timedelta(minutes=rnd.randrange(1, 600)) if state != "draft" else None
        level_index = route.index(level) if level is not None else None
        waiting_at = {"dinas": dinas, "qa": qa, "pdspk": pdspk}[level.code] if level is not None else None
        waiting_since = None
        if level_index is not None:
            waiting_since = submitted + timedelta(minutes=rnd.randrange(0, 60 * 24 * 3) * level_index)
        decided = (
            submitted + timedelta(minutes=rnd.randrange(30, 60 * 24 * 10))
            if state in ("approved", "rejected")
            else None
        )
        if state == "rejected":
            waiting_at, waiting_since = school, decided
        reason = REASONS[rnd.randrange(len(REASONS))] if state == "rejected" else ""
        return {
            "kind": kind,
            "ptk_id": ptk_id,
            "ptk_name": name,
            "school_id": school,
            "origin_id": school,
            "dinas_id": dinas,
            "qa_office_id": qa,
            "state": state,
            "level_index": level_index,
            "waiting_at_id": waiting_at,
            "waiting_since": waiting_since,
            "category": category_of(employment_status=emp, ptk_type=ptype, school_status=sstatus or "negeri"),
            "payload": "{}",
            "checks": "[]",
            "request_date": submitted.date() if submitted else None,
            "first_submitted_at": submitted,
            "submitted_at": submitted,
            "submitted_by_id": bot if submitted else None,
            "created_by_id": bot,
            "created_at": created,
            "claimed_by_id": None,
            "claimed_at": None,
            "reject_reason": reason,
            "reject_note": "Catatan sintetis: perbaiki dokumen." if reason else "",
            "reject_item": "",
            "decided_at": decided,
            "result_nuptk": "" if not (state == "approved" and kind == "penerbitan") else f"8{i:015d}",
            "rounds": 1 if submitted else 0,
            "_level_at_decision": route[rnd.randrange(len(route))] if state == "rejected" else route[-1],
            "_offices": {"dinas": dinas, "qa": qa, "pdspk": pdspk},
        }

    @transaction.atomic
    def _flush(self, subs, bot, pdspk):
        if not subs:
            return
        first = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT nextval(pg_get_serial_sequence('nuptk_submission', 'id'))")
                first = cur.fetchone()[0]
                cur.execute(
                    "SELECT setval(pg_get_serial_sequence('nuptk_submission', 'id'), %s)",
                    [first + len(subs) - 1],
                )
            cols = ["id", *SUB_COLS]
            _copy(
                "nuptk_submission", cols, [[first + k] + [s[c] for c in SUB_COLS] for k, s in enumerate(subs)]
            )
            ids = [first + k for k in range(len(subs))]
        else:
            _copy("nuptk_submission", SUB_COLS, [[s[c] for c in SUB_COLS] for s in subs])
            ids = list(Submission.objects.order_by("-pk").values_list("pk", flat=True)[: len(subs)])[::-1]
        logs = []
        for sid, s in zip(ids, subs, strict=True):
            if s["submitted_at"] is None:
                continue
            first_level = kind_registry.get(s["kind"]).route[0]
            logs.append(
                [
                    sid,
                    "submit",
                    bot,
                    "operator",
                    s["school_id"],
                    s["submitted_at"],
                    "draft",
                    first_level.state,
                    first_level.code,
                    None,
                    "",
                    "",
                    "",
                    "{}",
                ]
            )
            if s["decided_at"]:
                lv = s["_level_at_decision"]
                waited = int((s["decided_at"] - s["submitted_at"]).total_seconds())
                action = "reject" if s["state"] == "rejected" else "approve"
                logs.append(
                    [
                        sid,
                        action,
                        bot,
                        "operator",
                        s["_offices"][lv.code],
                        s["decided_at"],
                        lv.state,
                        s["state"],
                        lv.code,
                        waited,
                        s["reject_note"],
                        s["reject_reason"],
                        "",
                        "{}",
                    ]
                )
        _copy("nuptk_submissionlog", LOG_COLS, logs)
