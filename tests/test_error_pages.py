"""Friendly error pages: Indonesian, a way back, no URL list or traceback; `make run` serves them."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from accounts.permissions import public
from padamu.urls import urlpatterns as root_patterns
from tests.factories import login_as

pytestmark = pytest.mark.django_db


@public
def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [*root_patterns, path("boom/", _boom)]
handler404 = "accounts.views.errors.page_not_found"
handler500 = "accounts.views.errors.server_error"


def test_unknown_page_is_a_friendly_indonesian_404_with_a_way_back(client, world):
    login_as(client, world.roles["sd_op"])
    r = client.get("/tidak-ada-halaman-ini/")
    assert r.status_code == 404
    text = r.content.decode()
    assert "Halaman atau data tidak ditemukan" in text and "Kembali ke beranda" in text
    assert "Using the URLconf" not in text and "ptk/" not in text.split("<main")[1]


def test_anonymous_404_is_friendly_too():
    r = Client().get("/tidak-ada-halaman-ini/")
    assert r.status_code == 404 and "Kembali ke beranda" in r.content.decode()


def test_server_error_is_a_friendly_indonesian_500_with_the_request_id(settings):
    settings.ROOT_URLCONF = __name__
    c = Client(raise_request_exception=False)
    r = c.get("/boom/")
    assert r.status_code == 500
    text = r.content.decode()
    assert "Maaf, terjadi kesalahan di server" in text and "Kembali ke beranda" in text
    assert r["X-Request-ID"] in text
    assert "Traceback" not in text and "RuntimeError" not in text


def test_make_run_serves_with_debug_off_and_starts_the_worker():
    make = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    run = make.split("\nrun:")[1].split("\n\n")[0]
    assert "DEBUG=0" in run and "runserver --insecure" in run
    assert "manage.py db_worker" in run and "trap" in run  # Ctrl+C stops the worker too
