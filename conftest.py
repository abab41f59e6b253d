import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside the ORM

CHROMIUM = os.environ.get("PADAMU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def _db_template(request, django_db_modify_db_settings, django_db_blocker):
    """The migrated template of the test database (tests/dbtemplate.py), None with --no-migrations."""
    if request.config.getvalue("nomigrations"):
        yield None
        return
    from tests.dbtemplate import Template

    with django_db_blocker.unblock():
        template = Template()
    yield template
    with django_db_blocker.unblock():
        template.release()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_keepdb, django_db_createdb, _db_template, django_db_blocker):
    """Keep (do not re-migrate) the worker's database when it was copied from the template."""
    if _db_template is None:
        return django_db_keepdb
    with django_db_blocker.unblock():
        run_id = getattr(request.config, "workerinput", {}).get("testrunuid")
        copied = _db_template.prepare(rebuild=django_db_createdb, run_id=run_id)
    return django_db_keepdb or copied


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, _db_template, django_db_blocker):
    """pytest-django's setup, then: save the template when this worker built the database, and
    remove this worker's copy at the end."""
    if _db_template is not None:
        with django_db_blocker.unblock():
            _db_template.save()
    yield
    if _db_template is not None:
        with django_db_blocker.unblock():
            _db_template.remove_worker_copy()


@pytest.fixture
def world(db):
    """Two kab/kota, every office, a few schools, an operator and admin each (tests.factories):
    built for real once per worker, then replayed row for row (tests/worldcache.py)."""
    from tests.worldcache import world as cached_world

    return cached_world()


@pytest.fixture(autouse=True)
def _private_files_per_test():
    """Each test starts with an empty private file storage: files are named by row ids, and SQLite
    gives the ids of a rolled-back test again, so a file left by an earlier test of the same worker
    would make the storage pick another name (a test then checked the wrong file)."""
    yield
    from django.conf import settings

    from padamu.settings import test as test_settings

    root = str(getattr(settings, "PRIVATE_STORAGE_ROOT", ""))
    if root == test_settings.PRIVATE_STORAGE_ROOT and os.path.isdir(root):  # the temp dir, never var/private
        for entry in os.scandir(root):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def needs_database(item) -> bool:
    """The test is marked django_db or uses a fixture that is (pytest-django refuses any other
    test a query)."""
    return bool(item.get_closest_marker("django_db") or DB_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def _reset_axes(request):
    """Login-failure counts (django-axes) start at zero in every test that uses the database; a
    test that needs none does not wait for the database to be built."""
    if needs_database(request.node):
        from axes.utils import reset

        request.getfixturevalue("db")  # the database first (a transactional test keeps its mode)
        reset()
    yield


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright. Skipped when Chromium is missing, unless
    PADAMU_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("PADAMU_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("Chromium tidak terpasang (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page (own cookies) with ``page.base`` set to the live server URL."""
    context = chromium.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base = live_server.url
    yield pg
    context.close()


# The longest tests start first: with several workers (make test runs pytest-xdist) they then run
# beside the many short ones instead of finishing alone at the end. Every browser test counts as long
# (a live server and Chromium each).
SLOW_FIRST = (
    "tests/test_query_ceiling.py", "tests/nuptk/test_browser.py", "tests/ui/test_browser.py", "[browser]",
    "tests/test_url_access.py::test_objects_of_every_scope", "tests/test_fuzz_uploads.py", "/test_commands.py",
    "/test_concurrency.py", "tests/documents/test_qr_scan.py",
)  # fmt: skip


def pytest_collection_modifyitems(config, items):
    def rank(item):
        nodeid = item.nodeid + (" [browser]" if item.get_closest_marker("browser") else "")
        return next((i for i, part in enumerate(SLOW_FIRST) if part in nodeid), len(SLOW_FIRST))

    items.sort(key=rank)  # stable: the order within each group is kept
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    if workers > 1:
        # make test's work stealing (pytest-xdist) first hands each worker one contiguous share of
        # this list. Deal the tests out so that every share starts with its long ones, and start the
        # second share with the tests that need no database (letters rendered and scanned, settings
        # checked: ~15 s): that worker runs them while the first one migrates the template on a
        # fresh machine (tests/dbtemplate.py, about 9 s), instead of waiting for it.
        free = [it for it in items if not needs_database(it)]
        rest = [it for it in items if needs_database(it)]
        shares = [rest[i::workers] for i in range(workers)]
        shares[1][:0] = free
        # Work stealing's first hand-out is by count (len // workers each, the last worker the
        # remainder): even the counts out by moving the last (shortest) tests of the longer shares
        # to the shorter ones, so that each worker's first hand-out starts where its share does.
        size = len(items) // workers
        for i in range(workers - 1):
            later = shares[i + 1]
            while len(shares[i]) < size and later:
                shares[i].append(later.pop())
            while len(shares[i]) > size:
                later.append(shares[i].pop())
        items[:] = [it for share in shares for it in share]
