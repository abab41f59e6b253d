"""Production infrastructure (issue 16): health checks, request ids and JSON logs, the read replica,
static files through WhiteNoise, and gunicorn with the production settings."""

import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from padamu.observability import RequestContextFilter, json_formatter
from ptk.models import Ptk
from tests.factories import login_as

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)

# --- health -------------------------------------------------------------------------------------


def test_health_ready_is_public_and_says_only_ok(client):
    r = client.get("/sehat/")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    assert client.get("/sehat/hidup/").json() == {"status": "ok"}


def test_health_ready_is_503_when_the_database_does_not_answer(client):
    real = connections["default"].cursor

    def broken():
        raise OperationalError("connection refused")

    with mock.patch.object(connections["default"], "cursor", broken):
        r = client.get("/sehat/")
        alive = client.get("/sehat/hidup/")
    assert r.status_code == 503 and r.json() == {"status": "unavailable", "database": "unavailable"}
    assert "refused" not in r.content.decode()  # no error text to the outside
    assert alive.status_code == 200  # liveness does not depend on the database
    assert connections["default"].cursor == real


def test_health_refuses_writes(client):
    assert client.post("/sehat/").status_code == 405


# --- request id and JSON logs ---------------------------------------------------------------------


@pytest.fixture
def json_log():
    """Lines that the padamu.request logger writes, formatted as in production."""
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("padamu.request")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in buf.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_request_id_from_the_load_balancer_is_kept_and_logged_with_the_user(client, world, json_log):
    role = world.roles["dinas_kota_op"]
    login_as(client, role)
    r = client.get("/ptk/", {"q": "abc"}, HTTP_X_REQUEST_ID="lb-7f3a-0001")
    assert r.status_code == 200 and r["X-Request-ID"] == "lb-7f3a-0001"
    (line,) = json_log()
    assert line["request_id"] == "lb-7f3a-0001"
    assert line["user_id"] == role.user.pk
    assert line["path"] == "/ptk/" and "abc" not in json.dumps(line)  # no query string in logs
    assert line["status"] == 200 and line["level"] == "INFO" and line["logger"] == "padamu.request"
    assert isinstance(line["duration_ms"], float) and line["time"]


@pytest.mark.parametrize("bad", ["x" * 300, "abc def", 'a"b', "<script>"])
def test_malformed_request_id_is_replaced(client, json_log, bad):
    r = client.get("/sehat/hidup/", HTTP_X_REQUEST_ID=bad)
    assert re.fullmatch(r"[0-9a-f]{32}", r["X-Request-ID"])
    (line,) = json_log()
    assert line["request_id"] == r["X-Request-ID"] and line["user_id"] is None


def test_every_response_gets_a_fresh_request_id(client, json_log):
    a = client.get("/sehat/hidup/")["X-Request-ID"]
    b = client.get("/sehat/")["X-Request-ID"]
    assert a != b


def test_log_records_written_during_a_request_carry_its_id(client):
    """A record written while the request runs (the health view's warning) is tagged with its id."""
    handler_records = []

    class Keep(logging.Handler):
        def emit(self, record):
            handler_records.append(record)

    h = Keep()
    h.addFilter(RequestContextFilter())
    lg = logging.getLogger("padamu.health")
    lg.addHandler(h)
    try:
        with mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("x")):
            r = client.get("/sehat/", HTTP_X_REQUEST_ID="req-42")
    finally:
        lg.removeHandler(h)
    assert r.status_code == 503
    assert handler_records and handler_records[0].request_id == "req-42" and handler_records[0].path == "/sehat/"


# --- read replica ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_list_reads_go_to_the_replica_when_one_is_configured(client, world):
    from ptk.selectors import ptk_list

    from .ptk.conftest import enter

    p = enter(world.inst["sd"], world.roles["sd_op"], name="Replika Uji")
    login_as(client, world.roles["dinas_kota_op"])
    with override_settings(USE_READ_REPLICA=True):
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            r = client.get(reverse("ptk:list"), {"q": "Replika"})
        assert r.status_code == 200 and "Replika Uji" in r.content.decode()
        assert any("ptk_ptk" in q["sql"] for q in on_replica.captured_queries)
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            r = client.get(reverse("ptk:export"), {"q": "Replika"})
            body = b"".join(r.streaming_content).decode()  # the export streams its rows
        assert r.status_code == 200 and "Replika Uji" in body
        assert any("ptk_ptk" in q["sql"] for q in on_replica.captured_queries)

        # Inside a transaction the read stays on the primary (it may depend on a write just made).
        scope = _scope(world.roles["dinas_kota_op"])
        with transaction.atomic():
            assert ptk_list(scope=scope).db == "default"
        assert ptk_list(scope=scope).db == "replica"
        # A row read from the replica is written back to the primary.
        row = ptk_list(scope=scope).get(pk=p.pk)
        assert row._state.db == "replica"
        row.phone = "081234567890"
        row.save(update_fields=["phone"])
        assert Ptk.objects.using("default").get(pk=p.pk).phone == "081234567890"
    # Without a replica the same reads use the primary.
    assert ptk_list(scope=scope).db == "default"


def _scope(assignment):
    from accounts.scope import ActiveRole, Scope

    return Scope(assignment.user, ActiveRole(assignment))


# --- static files (production storage and middleware) ----------------------------------------------


def test_static_files_are_served_hashed_compressed_and_cached(tmp_path):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    # Every app's files go through the manifest (a stylesheet naming a missing file fails here as it
    # would on deploy); compression is checked on the project's own files, as brotli on the 12 MB
    # of the API viewer and admin costs ~40 s and whitenoise's compressor is not ours to test.
    manifest = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=str(tmp_path / "all"), STORAGES=manifest):
        call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "all" / "staticfiles.json").exists()
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    own_files = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    with override_settings(STATIC_ROOT=str(tmp_path / "own"), STORAGES=storages, MIDDLEWARE=middleware, DEBUG=False,
                           STATICFILES_FINDERS=own_files):
        call_command("collectstatic", "--noinput", verbosity=0)
        c = Client()
        html = c.get(reverse("accounts:login")).content.decode()
        hashed = re.findall(r'/static/[\w/.-]+\.[0-9a-f]{12}\.css', html)
        assert hashed, "the page links no hashed stylesheet"
        r = c.get(hashed[0], HTTP_ACCEPT_ENCODING="gzip")
        assert r.status_code == 200
        assert r["Content-Encoding"] == "gzip"
        assert "max-age=315360000" in r["Cache-Control"] and "immutable" in r["Cache-Control"]
        assert c.get("/static/css/tidak-ada.css").status_code == 404


# --- gunicorn with the production settings -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_health_with_production_settings_and_json_logs(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "padamu.settings.production",
        "SECRET_KEY": "test-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    out = open(tmp_path / "gunicorn.log", "w+")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "padamu.wsgi"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/sehat/", headers={"X-Request-ID": "gu-1"})
                with urllib.request.urlopen(req, timeout=5) as resp:
                    body, rid = json.loads(resp.read()), resp.headers["X-Request-ID"]
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.2)
        assert body == {"status": "ok", "database": "ok"} and rid == "gu-1"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lines = [json.loads(x) for x in (tmp_path / "gunicorn.log").read_text().splitlines() if x.startswith("{")]
    access = [x for x in lines if x.get("logger") == "gunicorn.access" and x.get("request_id") == "gu-1"]
    app = [x for x in lines if x.get("logger") == "padamu.request" and x.get("request_id") == "gu-1"]
    assert access and access[0]["status"] == 200 and access[0]["path"] == "/sehat/"
    assert app and app[0]["status"] == 200 and app[0]["path"] == "/sehat/"
