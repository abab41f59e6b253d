"""PUBLIC_BASE_URL: required outside development (a system check that `check --deploy` reports as an
error); in development without it, letters point at the address the app is served on."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from documents.checks import public_base_url_check
from documents.letters import verify_url
from documents.models import Letter
from tests.factories import login_as

from .conftest import pdf_text


def test_production_without_public_base_url_is_an_error(settings):
    settings.DEBUG, settings.PUBLIC_BASE_URL = False, ""
    assert [e.id for e in public_base_url_check()] == ["documents.E001"]
    with pytest.raises(SystemCheckError, match="PUBLIC_BASE_URL is not set"):
        call_command("check")
    settings.PUBLIC_BASE_URL = "padamu.example.id"  # no scheme
    assert [e.id for e in public_base_url_check()] == ["documents.E002"]
    settings.PUBLIC_BASE_URL = "https://padamu.example.id"
    assert public_base_url_check() == []


def test_check_deploy_with_production_settings_refuses_a_missing_url():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "padamu.settings.production",
           "SECRET_KEY": "Zq8-" + secrets.token_urlsafe(50), "ALLOWED_HOSTS": "padamu.example.id"}  # fmt: skip
    for name in ("PUBLIC_BASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter: set by the browser tests
        env.pop(name, None)
    cmd = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and "documents.E001" in r.stderr
    r = subprocess.run(cmd, env={**env, "PUBLIC_BASE_URL": "https://padamu.example.id"}, capture_output=True,
                       text=True, timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr


def test_development_follows_the_served_address(settings):
    settings.DEBUG, settings.PUBLIC_BASE_URL = True, ""
    assert public_base_url_check() == []
    assert verify_url("abc").startswith("http://127.0.0.1:8000/v/")  # no request: the dev server's address


@pytest.mark.django_db
def test_a_letter_printed_in_a_request_points_at_that_host(client, world, settings):
    from tests.ptk.conftest import enter

    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["padamu.lan", "testserver"]
    p = enter(world.inst["sd"], world.roles["sd_op"])
    login_as(client, world.roles["sd_op"])
    r = client.post(reverse("ptk:form_pdf", args=[p.pk, "A05"]), HTTP_HOST="padamu.lan:8000")
    token = Letter.objects.get(code="A05").token
    assert f"http://padamu.lan:8000/v/{token}/" in pdf_text(r.content)
