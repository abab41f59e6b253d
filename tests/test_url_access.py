"""Walk every URL of the project as an anonymous visitor and as every role.

- every view declares who may see it (accounts.permissions), else this test fails;
- anonymous visitors are sent to the login page unless the view is public;
- a role the declaration excludes gets 403; no URL answers 500 to anyone.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


@pytest.mark.parametrize("role_key", ROLE_KEYS + ["ptk"])
def test_every_url_as_every_role(client, world, role_key):
    if role_key == "ptk":
        assignment = assign(user("guru.walk"), Role.PTK)
    else:
        assignment = world.roles[role_key]
    login_as(client, assignment)
    client.raise_request_exception = False
    active = None
    from accounts.scope import ActiveRole

    active = ActiveRole(assignment)
    problems = []
    for route, cb, _name in project_urls():
        url = concrete(route, world.inst["sd"].pk)
        r = client.get(url)
        access = cb.padamu_access
        if r.status_code >= 500:
            problems.append(f"{url}: {r.status_code}")
        elif not access.allows(assignment.user, active) and r.status_code != 403:
            problems.append(f"{url}: expected 403 for {role_key}, got {r.status_code}")
        elif access.allows(assignment.user, active) and r.status_code == 403:
            problems.append(f"{url}: declared open to {role_key} but answered 403")
    assert not problems, "\n".join(problems)
