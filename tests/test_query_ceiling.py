"""Every page (GET) as every role costs a number of queries that does not grow with the rows: the
walk is done with 3 rows of everything and again with 30, and each page must cost the same both
times and stay under a fixed ceiling. Pages that render a PDF or an image are left out (one object
each, and slow to render).

The 3-row walk is also the access walk of tests/test_url_access.py for these pages: each answer must
match the view's declaration (403 exactly for the roles it keeps out) and none may be a 500."""

import itertools

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification, Role
from documents.letters import letter_create
from nuptk import services as svc
from nuptk.models import Submission
from ptk.models import PtkDocument, PtkSchool
from ptk.services import ptk_update_contacts
from tests.factories import assign, login_as, school, user
from tests.nuptk.conftest import approve as nuptk_approve
from tests.nuptk.conftest import attach_all, make_ptk, pdf_upload, scope_of
from tests.test_url_access import FILES, ROLE_KEYS, concrete, declaration_problems, project_urls

pytestmark = pytest.mark.django_db

CEILING = 20
SMALL, LARGE = 3, 30
_names = itertools.count(1)


class Rows:
    """Rows of every list of the project, added in batches through the real services where a list
    shows a workflow state (plain rows elsewhere)."""

    def __init__(self, world):
        self.world = world
        self.sd_op = scope_of(world.roles["sd_op"])
        self.ptk = make_ptk(world.inst["sd"], name="Guru Contoh", nuptk="1234567890120000", nuptk_status="permanen_aktif")
        self.ptk_user = user("guru.contoh")
        self.ptk.user = self.ptk_user
        self.ptk.save(update_fields=["user"])
        self.ptk_role = assign(self.ptk_user, Role.PTK)
        PtkSchool.objects.create(ptk=self.ptk, school=world.inst["sd"], dinas=world.inst["dinas_kota"],
                                 qa_office=world.inst["lpmp"], is_home=True)
        self.request = None

    def add(self, n):
        w = self.world
        for _i in range(n):
            k = next(_names)
            # PTK of the school, each with a request at the Dinas, one at LPMP and one at PDSPK
            at_dinas = self._submitted("foto", f"Guru Foto {k}")
            if k % 2:  # taken by the Dinas reviewer: the queue row offers its bulk-forward checkbox
                svc.submission_claim(scope=scope_of(w.roles["dinas_kota_op"]), pk=at_dinas.pk)
            self.request = self.request or at_dinas
            at_qa = self._submitted("penonaktifan", f"Guru Nonaktif {k}", nuptk=f"77{k:014d}", nuptk_status="permanen_aktif")
            nuptk_approve(scope=scope_of(w.roles["dinas_kota_op"]), pk=at_qa.pk)
            self._submitted("klaim", f"Guru Klaim {k}", payload={"claimed_nuptk": f"88{k:014d}"})
            # the sample PTK's history, berkas and notices grow too
            ptk_update_contacts(ptk=self.ptk, changes={"phone": f"08{k:010d}"}, actor=w.roles["sd_op"].user, role="operator")
            from ptk.services import ptk_document_add

            ptk_document_add(ptk=self.ptk, kind="lainnya", upload=pdf_upload(), actor=w.roles["sd_op"].user, role="operator")
            letter_create(
                code="S04", issuer=w.roles["sd_op"].user, issuer_role="operator", institution=w.inst["sd"],
                subject_type="ptk", subject_id=self.ptk.pk, subject_name=self.ptk.name, data={"ptk": {}},
                subject_user=self.ptk_user, school=w.inst["sd"],
            )
            for key in ("sd_op", "sd_admin", "dinas_kota_op", "lpmp_op", "pdspk_op"):
                Notification.objects.create(user=w.roles[key].user, title=f"Pemberitahuan {k}")
            Notification.objects.create(user=self.ptk_user, title=f"Pemberitahuan {k}")
            # registrations waiting for the school's check and for the Dinas, a school-account
            # request, a complaint, and the sample PTK's registration log
            from accounts.models import SchoolAccountRequest
            from documents.models import Complaint
            from ptk.models import Registration, RegistrationLog

            for state in ("s03", "pact"):
                reg = Registration.objects.create(ptk=make_ptk(w.inst["sd"], name=f"Guru Registrasi {state} {k}"))
                Registration.objects.filter(pk=reg.pk).update(state=state)
            own = Registration.objects.get_or_create(ptk=self.ptk)[0]
            RegistrationLog.objects.create(registration=own, action="s03", actor=self.ptk_user, from_state="level1",
                                           to_state="s03", institution=w.inst["sd"])
            extra = school(district=w.inst["sd"].district, name=f"SD Tanpa Akun {k}")
            SchoolAccountRequest.objects.create(school=extra, dinas_id=extra.dinas_id, qa_office_id=extra.qa_office_id,
                                                state="at_qa", applicant_name=f"Calon {k}")
            Complaint.objects.create(subject_type="letter", subject_id="1", subject_label=f"Surat {k}",
                                     owner=w.inst["dinas_kota"], school=w.inst["sd"], filed_by=w.roles["sd_op"].user,
                                     text="Pengaduan uji tentang surat.")
            # people and schools of the lists of institutions and users
            assign(user(f"operator.tambahan.{k}"), Role.OPERATOR, w.inst["sd"])
            school(district=w.inst["sd"].district, name=f"SD Tambahan {k}")

    def _submitted(self, kind, name, payload=None, **fields):
        sub = svc.submission_create(
            scope=self.sd_op, ptk=make_ptk(self.world.inst["sd"], name=name, **fields), kind=kind, payload=payload
        )
        attach_all(self.sd_op, sub)
        return svc.submission_submit(scope=self.sd_op, pk=sub.pk)

    def sample_pk(self, name):
        """The object a detail URL of this name is walked with."""
        if name.startswith("nuptk:"):
            return self.request.pk
        if name in ("ptk:document",):
            return PtkDocument.objects.filter(ptk=self.ptk).first().pk
        if name.startswith("ptk:"):
            return self.ptk.pk
        return self.world.inst["sd"].pk


def pages(rows) -> list[str]:
    """Every URL of the project with its sample object, except files."""
    return [concrete(route, rows.sample_pk(name or "")) for route, _cb, name in project_urls() if name not in FILES]


def walk(client, urls: dict, assignments, statuses=None) -> dict:
    """Query count of each (role, url), ``urls`` by role key; ``statuses`` receives each status code."""
    counts = {}
    client.raise_request_exception = False
    for key, assignment in assignments.items():
        login_as(client, assignment)
        for url in urls[key]:
            reset_queries()  # the query log keeps 9000 entries: start each page from an empty one
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(url)
            assert r.status_code < 500, (key, url, r.status_code)
            counts[(key, url)] = len(ctx.captured_queries)
            if statuses is not None:
                statuses[(key, url)] = r.status_code
    return counts


def test_every_page_as_every_role_costs_the_same_with_3_and_30_rows(client, world, settings):
    # the walk requests /v/ hundreds of times a minute: the per-IP limit (tested elsewhere) would
    # answer 429 part-way through and change the count
    settings.VERIFY_RATE_LIMIT = 10**6
    rows = Rows(world)
    assignments = {key: world.roles[key] for key in ROLE_KEYS}
    assignments["ptk"] = rows.ptk_role
    rows.add(SMALL)
    # warm-up (per-process caches: content types, templates)
    warm = walk(client, dict.fromkeys(("sd_op", "dinas_kota_op"), pages(rows)),
                {k: assignments[k] for k in ("sd_op", "dinas_kota_op")})
    urls = pages(rows)
    statuses = {}
    small = walk(client, dict.fromkeys(assignments, urls), assignments, statuses)
    # the access walk: every answer as the view declares it, for every role
    refused = [p for (key, url), status in statuses.items()
               for p in declaration_problems(url, status, key, assignments[key])]  # fmt: skip
    assert not refused, "\n".join(refused)
    rows.add(LARGE - SMALL)
    assert Submission.objects.filter(kind="foto").count() == LARGE
    # With 30 rows, the pages each role was shown (a refusal, 401/403/404/405, is decided before
    # any row is read, and its count stays in the ceiling check below; 405: an action's URL)
    shown = {key: [u for u in urls if statuses[(key, u)] not in (401, 403, 404, 405)] for key in assignments}
    large = walk(client, shown, assignments)
    assert warm and len(urls) > 30 and sum(map(len, shown.values())) > 400
    grew = {k: (small[k], large[k]) for k in large if large[k] != small[k]}
    assert not grew, f"pages whose query count grows with the rows: {grew}"
    over = {k: n for k, n in {**small, **large}.items() if n > CEILING}
    assert not over, f"pages over {CEILING} queries: {over}"
