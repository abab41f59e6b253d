"""Walk every URL of the project as an anonymous visitor and as every role.

- every view declares who may see it (accounts.permissions), else this test fails;
- anonymous visitors are sent to the login page unless the view is public;
- a role the declaration excludes gets 403; no URL answers 500 to anyone. Every page that is not a
  file is walked as every role by tests/test_query_ceiling.py, which counts its queries in the
  same walk (``declaration_problems``); the files, and a PTK account with no record, are walked here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from accounts.models import Role
from tests.factories import assign, login_as, user

pytestmark = pytest.mark.django_db

ROLE_KEYS = [
    "pdspk_op",
    "pdspk_admin",
    "lpmp_op",
    "bppaud_op",
    "bpkln_op",
    "atdikbud_op",
    "dinas_prov_op",
    "dinas_kota_op",
    "dinas_kota_admin",
    "kec_op",
    "sd_op",
    "sd_admin",
    "siln_op",
]


def walk(patterns=None, prefix="", ns=None):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = ns
            if p.namespace:
                sub_ns = f"{ns}:{p.namespace}" if ns else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback, (f"{ns}:{p.name}" if ns and p.name else p.name)


def project_urls():
    out = []
    for route, callback, name in walk():
        if name and name.startswith("admin:") or route.startswith("admin/"):
            continue  # Django admin: superusers only, guarded by Django itself
        if route.startswith("^static") or route.startswith("static/"):
            continue
        out.append((route, callback, name))
    return out


def concrete(route: str, sample_pk: int) -> str:
    url = re.sub(r"<int:\w+>", str(sample_pk), route)
    url = re.sub(r"<(?:str|slug):\w+>", "x", url)
    url = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", url)
    url = re.sub(r"<path:\w+>", "x", url)
    url = re.sub(r"<\w+>", "x", url)
    return "/" + url.lstrip("^").rstrip("$")


def test_every_view_declares_its_access():
    missing = [f"{name or route}" for route, cb, name in project_urls() if not hasattr(cb, "padamu_access")]
    assert not missing, f"views without an access declaration: {missing}"


def test_anonymous_is_sent_to_login_except_public(client, world):
    login_url = reverse("accounts:login")
    for route, cb, _name in project_urls():
        url = concrete(route, world.inst["sd"].pk)
        r = client.get(url)
        assert r.status_code < 500, f"{url} answered {r.status_code}"
        if not cb.padamu_access.public:
            assert r.status_code == 302 and r.url.startswith(login_url), f"{url} is open to anonymous"


def declaration_problems(url: str, status: int, role_key: str, assignment) -> list[str]:
    """What is wrong with one page's answer to one role: a 500, a 403 to a role the view's declaration
    lets in, or anything but 403 to a role it keeps out."""
    from accounts.scope import ActiveRole

    access = resolve(url.split("?")[0]).func.padamu_access
    allowed = access.allows(assignment.user, ActiveRole(assignment))
    if status >= 500:
        return [f"{url}: {status}"]
    if not allowed and status != 403:
        return [f"{url}: expected 403 for {role_key}, got {status}"]
    if allowed and status == 403:
        return [f"{url}: declared open to {role_key} but answered 403"]
    return []


# What tests/test_query_ceiling.py leaves out of its walk: files (a PDF, an image, a download)
FILES = {
    "documents:letter_pdf", "documents:gallery_pdf", "documents:gallery_png", "documents:batch_download",
    "nuptk:document_file", "ptk:document", "ptk:form_pdf", "ptk:form_blank", "ptk:s03",
}  # fmt: skip


@pytest.mark.parametrize("role_key", ROLE_KEYS + ["ptk"])
def test_every_url_as_every_role(client, world, role_key):
    """The files as every role; every URL as a PTK account that has no PTK record yet (the query walk
    takes every other page as every role, with a PTK who has one)."""
    if role_key == "ptk":
        assignment = assign(user("guru.walk"), Role.PTK)
    else:
        assignment = world.roles[role_key]
    login_as(client, assignment)
    client.raise_request_exception = False
    problems = []
    for route, _cb, name in project_urls():
        if role_key != "ptk" and name not in FILES:
            continue
        url = concrete(route, world.inst["sd"].pk)
        problems += declaration_problems(url, client.get(url).status_code, role_key, assignment)
    assert not problems, "\n".join(problems)


# --- real objects of every scope, every POST as every role, multi-role and stale roles (issue 9) -------

SCHOOLS = ["sd", "kb", "sma", "sd_sleman", "sd_bdg", "siln"]
# Whose objects each role may see: the rules of flows.md written out by hand (an oracle independent
# of accounts.scope). Kota Yogyakarta: sd, kb; the province's SMA; Sleman; Bandung; abroad.
VISIBLE = {
    "pdspk_op": set(SCHOOLS),
    "pdspk_admin": set(SCHOOLS),
    "lpmp_op": {"sd", "sma", "sd_sleman"},
    "bppaud_op": {"kb"},
    "bpkln_op": {"siln"},
    "atdikbud_op": {"siln"},
    "dinas_prov_op": {"sma"},
    "dinas_kota_op": {"sd", "kb"},
    "dinas_kota_admin": {"sd", "kb"},
    "kec_op": set(),
    "sd_op": {"sd"},
    "sd_admin": {"sd"},
    "siln_op": {"siln"},
}
REFUSED = {403, 404, 405}


@pytest.fixture
def objects(world):
    """A PTK, a berkas, a history row, a request with a paper, and a letter at every school of SCHOOLS,
    each made through the real services by the school's operator."""
    from datetime import date

    from accounts.scope import ActiveRole
    from documents.letters import letter_create
    from nuptk import services as nsvc
    from ptk import services as psvc
    from ptk.services import ptk_letter_data
    from tests.factories import school as make_school
    from tests.nuptk.conftest import fake_file, pdf_upload, scope_of
    from tests.ptk.conftest import enter

    elsewhere = make_school(district=world.inst["sd"].district, name="SD Tempat Tugas Lain")  # no role here
    out = {}
    for key in SCHOOLS:
        op = world.roles[f"{key}_op"]
        role = ActiveRole(op)
        p = enter(world.inst[key], op, in_dapodik=True, has_rombel=True, qualification="S1")
        doc = psvc.ptk_document_add(ptk=p, kind="ktp", upload=pdf_upload(), actor=op.user, role=role,
                                    copy_kind="asli")
        row = psvc.history_save(ptk=p, table="pendidikan", actor=op.user, role=role,
                                data={"level": "S1", "institution_name": "UNY", "year_out": 2012})
        link = psvc.ptk_school_add(ptk=p, school=elsewhere, actor=op.user, role=role)
        sub = nsvc.submission_create(scope=scope_of(op), ptk=p, kind="penerbitan")
        from nuptk.requirements import requirements_for

        req = requirements_for(sub.kind, sub.category)[0]
        extra = {"valid_from": date(2020, 1, 1)}
        nsvc.submission_document_attach(scope=scope_of(op), pk=sub.pk, requirement=req.code,
                                        doc_kind=req.accepts[0], upload=fake_file(req.accepts[0]), **extra)
        sdoc = sub.documents.first()
        letter = letter_create(code="A01", issuer=op.user, issuer_role=op.role, institution=world.inst[key],
                               subject_type="ptk", subject_id=str(p.pk), subject_name=p.name,
                               data={"ptk": ptk_letter_data(p)}, subject_user=None, school=world.inst[key])
        office = world.inst[key].dinas  # the covering Dinas/Atdikbud prints a filled-in A01 too
        office_letter = letter_create(code="A01", issuer=world.roles[_role_key(world, office)].user,
                                      issuer_role="operator", institution=office, subject_type="ptk",
                                      subject_id=str(p.pk), subject_name=p.name, data={"ptk": ptk_letter_data(p)},
                                      subject_user=None, school=world.inst[key])
        from accounts.models import SchoolAccountRequest

        sareq = SchoolAccountRequest.objects.create(  # a recapped school-account request of this school
            school=world.inst[key], dinas_id=world.inst[key].dinas_id, qa_office_id=world.inst[key].qa_office_id,
            state="at_qa", applicant_name="Calon Admin",
        )
        from documents.models import Complaint

        complaint = Complaint.objects.create(  # a complaint this school must answer
            subject_type="letter", subject_id=str(letter.pk), subject_label=letter.number, owner=world.inst[key],
            school=world.inst[key], filed_by=op.user, text="Pengaduan uji tentang surat ini.",
        )
        out[key] = {"ptk": p, "doc": doc, "row": row, "sub": sub, "sdoc": sdoc, "letter": letter, "link": link,
                    "office_letter": office_letter, "sareq": sareq, "complaint": complaint,
                    "inst": world.inst[key], "assignment": op}
    return out


def _role_key(world, inst) -> str:
    return next(k for k, v in world.inst.items() if v.pk == inst.pk) + "_op"


def object_urls(objs: dict) -> list[tuple[str, str]]:
    """(url name, url) of every route that names an object, for the objects of one school."""
    p, sub, letter = objs["ptk"], objs["sub"], objs["letter"]
    a = {
        "ptk:detail": [p.pk], "ptk:s02": [p.pk], "ptk:s03_office": [p.pk], "ptk:role_reopen": [p.pk], "ptk:staffing": [p.pk],
        "ptk:school_add": [p.pk], "ptk:contacts": [p.pk], "ptk:changes": [p.pk], "ptk:documents": [p.pk],
        "ptk:document": [p.pk, objs["doc"].pk], "ptk:photo": [p.pk], "ptk:photo_upload": [p.pk],
        "ptk:form_pdf": [p.pk, "A01"], "ptk:history_add": [p.pk, "pendidikan"],
        "ptk:history_edit": [p.pk, "pendidikan", objs["row"].pk],
        "ptk:history_delete": [p.pk, "pendidikan", objs["row"].pk],
        "ptk:school_remove": [p.pk, objs["link"].pk],
        "ptk:reg_check": [p.pk], "ptk:reg_pact": [p.pk], "ptk:reg_detail_verify": [p.pk],
        "ptk:reg_receive": [p.pk], "ptk:reg_pact_refuse": [p.pk],
        "accounts:school_account_create": [objs["sareq"].pk], "accounts:school_account_return": [objs["sareq"].pk],
        "documents:letter_complaint": [letter.pk], "nuptk:complaint": [sub.pk],
        "documents:complaint_answer": [objs["complaint"].pk],
        "ptk:s02_letter": [p.pk, letter.pk], "ptk:s02_pdf": [p.pk, letter.pk],
        "ptk:s02_printed": [p.pk, letter.pk],
        "nuptk:detail": [sub.pk], "nuptk:attach": [sub.pk], "nuptk:payload": [sub.pk], "nuptk:submit": [sub.pk],
        "nuptk:resubmit_sk": [sub.pk], "nuptk:cancel": [sub.pk], "nuptk:claim": [sub.pk],
        "nuptk:release": [sub.pk], "nuptk:approve": [sub.pk], "nuptk:reject": [sub.pk], "nuptk:archive": [sub.pk],
        "nuptk:document_remove": [sub.pk, objs["sdoc"].pk], "nuptk:document_file": [sub.pk, objs["sdoc"].pk],
        "documents:letter_pdf": [letter.pk], "documents:letter_void": [letter.pk],
        "accounts:institution": [objs["inst"].pk], "documents:letterhead": [objs["inst"].pk],
        "accounts:user_reset": [objs["assignment"].pk], "accounts:user_toggle": [objs["assignment"].pk],
        "accounts:user_reopen": [objs["assignment"].pk], "accounts:user_mfa_reset": [objs["assignment"].pk],
    }
    urls = [(name, reverse(name, args=args)) for name, args in a.items()]
    if "office_letter" in objs:  # a letter an office issued about this school's PTK
        urls.append(("documents:letter_pdf", reverse("documents:letter_pdf", args=[objs["office_letter"].pk])))
    return urls


def test_object_routes_cover_every_route_with_an_object_id(world):
    """A new route with an object id must be added to object_urls (or to the exempt list)."""
    exempt = {  # ids of rows that belong to one person or one office, tested in their own files
        "accounts:delegation_revoke", "accounts:invitation_answer", "accounts:invitation_revoke",
        "documents:batch_detail", "documents:batch_status", "documents:batch_download",
        # Dapodik jobs and API clients: tests/exchange/test_ownership.py walks each as intruders
        "exchange:import_detail", "exchange:import_status", "exchange:import_confirm", "exchange:import_cancel",
        "exchange:export_detail", "exchange:export_status", "exchange:export_download",
        "exchange:client_detail", "exchange:client_revoke",
        # the read API authenticates by key: tests/exchange/test_api.py checks each client's scope
        "api:ptk_detail", "api:submission_detail",
    }
    named = {n for n, _u in object_urls(_fake_objs(world))}
    with_ids = {name for route, _cb, name in project_urls() if "<int:" in route}
    assert with_ids - named - exempt == set()
    assert EVERY_SCHOOL <= named, "EVERY_SCHOOL names a route the object walk does not have"


def _fake_objs(world):
    class Row:
        pk = 1

    return {"ptk": Row, "sub": Row, "letter": Row, "doc": Row, "row": Row, "sdoc": Row, "link": Row, "sareq": Row, "complaint": Row,
            "inst": world.inst["sd"], "assignment": world.roles["sd_op"]}


def fingerprint() -> tuple:
    """Row counts of every model of the project and the state of the rows a write would touch."""
    from django.apps import apps

    from nuptk.models import Submission
    from ptk.models import Ptk

    counts = tuple(
        m.objects.count()
        for app in ("accounts", "documents", "ptk", "nuptk")
        for m in apps.get_app_config(app).get_models()
        if m.__name__ not in ("DataAccess", "Throttle", "Notification")
    )
    from accounts.models import RoleAssignment, User

    return (
        counts,
        tuple(Ptk.objects.order_by("pk").values_list("pk", "updated_at", "level1_at", "user_id")),
        tuple(Submission.objects.order_by("pk").values_list("pk", "state", "claimed_by_id")),
        tuple(RoleAssignment.objects.order_by("pk").values_list("pk", "is_active", "suspended_at")),
        tuple(User.objects.order_by("pk").values_list("pk", "password", "session_epoch")),
    )


# One route for each object's own lookup (PTK, berkas, history row, school link, request, request
# paper, letter, school-account request, complaints, institution, role assignment, S02 letter).
EVERY_SCHOOL = {
    "ptk:detail", "ptk:document", "ptk:history_edit", "ptk:school_remove",
    "nuptk:detail", "nuptk:document_file", "nuptk:complaint", "documents:letter_pdf", "documents:letter_complaint",
    "accounts:school_account_create", "documents:complaint_answer", "accounts:institution",
    "documents:letterhead", "accounts:user_reset", "ptk:s02_letter",
}  # fmt: skip

POST_DATA = {"active": "0", "note": "x", "reason": "lain", "item": "ktp", "npsn": "20400001",
             "requirement": "ktp", "kind": "ktp", "copy_kind": "asli", "phone": "0812", "code": "A01"}


def test_objects_of_every_scope_as_every_role(client, world, objects, monkeypatch):
    """Outside the role's scope every object route refuses GET and POST (403/404/405) and nothing
    changes; inside it the pages that show an object open, and nothing answers 500. One test for all
    the roles: the objects of six schools are made once."""
    # This walk is about who may open what. A letter's PDF is the same for every viewer and is
    # rendered and read in tests/documents; here WeasyPrint would only add ~8 s to the walk.
    monkeypatch.setattr("documents.views.letter_pdf", lambda letter: b"%PDF-1.7 (access walk)")
    client.raise_request_exception = False
    problems = []
    for role_key in VISIBLE:
        problems += _objects_as(client, world.roles[role_key], role_key, objects)
    assert not problems, "\n".join(problems)


def _objects_as(client, assignment, role_key, objects) -> list[str]:
    from accounts.scope import ActiveRole

    login_as(client, assignment)
    problems = []
    before = fingerprint()
    outside = [school for school in SCHOOLS if school not in VISIBLE[role_key]]
    for i, school in enumerate(outside):
        for j, (name, url) in enumerate(object_urls(objects[school])):
            if name.startswith("accounts:") and role_key.endswith("_admin"):
                continue  # users and institutions: the admin's management scope, tested below
            # Each object's lookup is tried against every school outside the scope (each relation:
            # same kab/kota, other jenjang, province, other province, abroad). Every other route is
            # tried against the first of them (the nearest: SCHOOLS runs from the Kota outwards)
            # and against one more in turn, so that the walk grows with routes + schools, not with
            # their product.
            if i > 0 and name not in EVERY_SCHOOL and j % (len(outside) - 1) != i - 1:
                continue
            r = client.get(url)
            if r.status_code not in REFUSED:
                problems.append(f"{role_key}: GET {name} of {school}: {r.status_code}")
            r = client.post(url, POST_DATA)
            if r.status_code not in REFUSED:
                problems.append(f"{role_key}: POST {name} of {school}: {r.status_code}")
    assert fingerprint() == before, f"a refused request of {role_key} changed data"
    readable = {"ptk:detail", "ptk:changes", "ptk:documents", "ptk:document", "nuptk:detail", "documents:letter_pdf"}
    for school in VISIBLE[role_key]:
        for name, url in object_urls(objects[school]):
            if name not in readable:
                continue
            access = resolve(url).func.padamu_access
            r = client.get(url)
            if r.status_code >= 500:
                problems.append(f"{role_key}: {name} of {school}: {r.status_code}")
            elif access.allows(assignment.user, ActiveRole(assignment)) and r.status_code in (403, 404):
                problems.append(f"{role_key}: {name} of {school}: refused ({r.status_code}) although in scope")
    return problems


def test_admins_manage_only_their_own_and_directly_lower_institutions(client, world):
    """accounts:user_* POSTs on an assignment outside the admin's management scope change nothing."""
    cases = {"sd_admin": ["smp", "kb", "dinas_kota"], "dinas_kota_admin": ["sd_sleman", "lpmp", "sd_bdg", "dinas_prov"],
             "pdspk_admin": []}
    for admin, outside in cases.items():
        login_as(client, world.roles[admin])
        before = fingerprint()
        for key in outside:
            for name in ("accounts:user_reset", "accounts:user_toggle", "accounts:user_reopen", "accounts:user_mfa_reset"):
                r = client.post(reverse(name, args=[world.roles[f"{key}_op"].pk]), {"active": "0"})
                assert r.status_code == 403, (admin, key, name, r.status_code)
        assert fingerprint() == before


def test_offices_in_scope_cannot_write_a_school_record(client, world, objects):
    """Reading is not writing: every PTK write as an office that sees the record is refused."""
    writes = ["ptk:s02", "ptk:role_reopen", "ptk:staffing", "ptk:school_add", "ptk:contacts", "ptk:documents",
              "ptk:photo_upload", "ptk:history_add", "ptk:history_edit", "ptk:history_delete", "ptk:school_remove",
              "ptk:reg_check", "ptk:reg_pact", "ptk:reg_detail_verify", "ptk:s03_office",
              "nuptk:attach", "nuptk:payload", "nuptk:submit", "nuptk:cancel", "nuptk:document_remove"]
    for role_key in ("dinas_kota_op", "lpmp_op", "pdspk_op", "pdspk_admin"):
        login_as(client, world.roles[role_key])
        before = fingerprint()
        urls = dict(object_urls(objects["sd"]))
        for name in writes:
            r = client.post(urls[name], POST_DATA)
            assert r.status_code in REFUSED, (role_key, name, r.status_code)
        assert fingerprint() == before, role_key


def test_multi_role_user_sees_only_the_active_roles_scope(client, world, objects):
    u = world.roles["sd_op"].user
    bdg = assign(u, Role.OPERATOR, world.inst["sd_bdg"])
    login_as(client, world.roles["sd_op"])
    sd_url = reverse("ptk:detail", args=[objects["sd"]["ptk"].pk])
    bdg_url = reverse("ptk:detail", args=[objects["sd_bdg"]["ptk"].pk])
    assert client.get(sd_url).status_code == 200 and client.get(bdg_url).status_code == 404
    client.post(reverse("accounts:choose_role"), {"role": str(bdg.pk)})
    assert client.get(bdg_url).status_code == 200 and client.get(sd_url).status_code == 404
    before = fingerprint()
    assert client.post(reverse("ptk:s02", args=[objects["sd"]["ptk"].pk])).status_code == 404
    assert fingerprint() == before


def test_stale_role_after_deactivation_is_dropped(client, world, objects):
    from accounts.scope import ActiveRole, Scope
    from accounts.services import role_assignment_set_active

    u = world.roles["sd_op"].user
    smp = assign(u, Role.OPERATOR, world.inst["smp"])
    login_as(client, world.roles["sd_op"])
    url = reverse("ptk:detail", args=[objects["sd"]["ptk"].pk])
    assert client.get(url).status_code == 200
    admin = world.roles["dinas_kota_admin"]
    role_assignment_set_active(scope=Scope(admin.user, ActiveRole(admin)), assignment_id=world.roles["sd_op"].pk,
                               active=False)
    before = fingerprint()
    r = client.get(url)
    assert r.status_code == 404, "the stale role is gone; the one left (SMP) does not see the record"
    assert r.wsgi_request.active_role.assignment.pk == smp.pk
    r = client.post(reverse("ptk:s02", args=[objects["sd"]["ptk"].pk]))
    assert r.status_code == 404
    client.post(reverse("accounts:choose_role"), {"role": str(world.roles["sd_op"].pk)})
    assert client.session["padamu_active_role"] == str(smp.pk), "the deactivated role cannot be picked"
    assert client.get(url).status_code == 404
    assert fingerprint() == before


def test_stale_delegation_after_revocation_is_dropped(client, world, objects):
    from accounts.scope import ActiveRole, Scope
    from accounts.services import delegation_grant, delegation_revoke

    sd_admin = world.roles["sd_admin"]
    d = delegation_grant(scope=Scope(sd_admin.user, ActiveRole(sd_admin)), delegate=world.inst["kec"])
    login_as(client, world.roles["kec_op"], on_behalf_of=world.inst["sd"])
    url = reverse("ptk:detail", args=[objects["sd"]["ptk"].pk])
    assert client.get(url).status_code == 200
    delegation_revoke(scope=Scope(sd_admin.user, ActiveRole(sd_admin)), delegation_id=d.pk)
    before = fingerprint()
    assert client.get(url).status_code in (302, 404)
    r = client.post(reverse("ptk:s02", args=[objects["sd"]["ptk"].pk]))
    assert r.status_code in (302, 403, 404)
    assert client.get(url).status_code == 404, "back to the kecamatan's own role, which sees nothing"
    assert fingerprint() == before
