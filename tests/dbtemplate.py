"""A migrated template of the test database, built once and copied for every pytest(-xdist) worker.

Applying the migrations costs ~17 CPU seconds (Django renders the model state after every
operation), once per worker and once per run. Instead the first worker of a run migrates its own
database as usual and saves it as a template; every other worker (and every later run, as long as no
migration changed) copies the template and only checks that nothing is left to migrate
(``keepdb``). The template is keyed by a hash of every installed app's migration files, the Django
version and the database engine, so a new or edited migration builds a new one. ``--create-db``
rebuilds it.

SQLite: the template is a file in the temp directory; a copy is a file copy. PostgreSQL: the
template is a database of the same server (``CREATE DATABASE ... TEMPLATE``).
"""

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

TEMPLATE_DIR = Path(tempfile.gettempdir()) / "padamu-test-templates"


def _migrations_hash(engine: str) -> str:
    import django
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    h = hashlib.sha256(f"{django.get_version()}|{engine}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        module, _explicit = MigrationLoader.migrations_module(config.label)
        if not module:
            continue
        try:
            mod = __import__(module, fromlist=["__file__"])
        except ImportError:
            continue
        folder = Path(mod.__file__).parent
        for path in sorted(folder.glob("*.py")):
            h.update(f"{config.label}/{path.name}".encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@contextlib.contextmanager
def _locked(name: str):
    TEMPLATE_DIR.mkdir(exist_ok=True)
    with open(TEMPLATE_DIR / f"{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Template:
    """The template of the default database for this session: ``prepare()`` before Django creates
    the test database (returns True when the worker's database was copied from the template, so it
    is to be kept), ``save()`` after a worker built it from the migrations."""

    def __init__(self):
        from django.db import connections

        self.conn = connections["default"]
        self.settings = self.conn.settings_dict
        self.engine = self.settings["ENGINE"]
        self.sqlite = self.engine == "django.db.backends.sqlite3"
        self.postgres = "postgresql" in self.engine
        self.key = _migrations_hash(self.engine)
        self._lock = None
        self.copied = False

    @property
    def supported(self) -> bool:
        if self.sqlite:
            name = self.settings.get("TEST", {}).get("NAME") or ""
            return bool(name) and name != ":memory:" and "mode=memory" not in name
        return self.postgres

    # --- names ---------------------------------------------------------------------------------
    def _test_name(self) -> str:
        return self.conn.creation._get_test_db_name()

    def _sqlite_template(self) -> Path:
        return TEMPLATE_DIR / f"{self.key}.sqlite3"

    def _pg_template(self) -> str:
        return f"padamu_tpl_{self.key}"

    def _lock_name(self) -> str:
        if self.postgres:
            where = f"{self.settings.get('HOST')}:{self.settings.get('PORT')}"
            return f"pg-{hashlib.sha256(where.encode()).hexdigest()[:8]}-{self.key}"
        return f"sqlite-{self.key}"

    # --- steps ---------------------------------------------------------------------------------
    def _exists(self) -> bool:
        if self.sqlite:
            return self._sqlite_template().exists()
        with self.conn._nodb_cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self._pg_template()])
            return cur.fetchone() is not None

    def _drop(self):
        if self.sqlite:
            self._sqlite_template().unlink(missing_ok=True)
            return
        with self.conn._nodb_cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{self._pg_template()}"')

    def _copy_to_worker(self):
        target = self._test_name()
        if self.sqlite:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(target + suffix).unlink(missing_ok=True)
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self._sqlite_template(), target)
            return
        with self.conn._nodb_cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
            cur.execute(f'CREATE DATABASE "{target}" TEMPLATE "{self._pg_template()}"')

    def prepare(self, *, rebuild: bool, run_id: str | None = None) -> bool:
        """Copy the template for this worker (True), or take the lock so that this worker builds it
        (False: the caller migrates as usual, then calls ``save()``). With ``rebuild`` (--create-db)
        the template is built again once per run (``run_id``: xdist's id shared by the workers)."""
        if not self.supported:
            return False
        lock = _locked(self._lock_name())
        lock.__enter__()
        try:
            marker = TEMPLATE_DIR / f"{self._lock_name()}.rebuilt"
            if rebuild and run_id and marker.exists() and marker.read_text() == run_id:
                rebuild = False  # another worker of this run has rebuilt it already
            if rebuild:
                self._drop()
                if run_id:
                    marker.write_text(run_id)
            elif self._exists():
                self._copy_to_worker()
                self.copied = True
                return True
        except BaseException:
            lock.__exit__(None, None, None)
            raise
        self._lock = lock  # held until save(): the other workers wait for the template
        return False

    def save(self):
        """Save the freshly migrated database of this worker as the template, release the lock."""
        if self._lock is None:
            return
        try:
            source = self.conn.settings_dict["NAME"]  # the test database, after setup_databases
            if self.sqlite:
                tmp = self._sqlite_template().with_suffix(f".tmp{os.getpid()}")
                src, dst = sqlite3.connect(source), sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                finally:
                    src.close()
                    dst.close()
                os.replace(tmp, self._sqlite_template())
            else:
                from django.db import connections

                connections.close_all()  # CREATE DATABASE ... TEMPLATE needs the source unused
                with self.conn._nodb_cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{self._pg_template()}"')
                    cur.execute(f'CREATE DATABASE "{self._pg_template()}" TEMPLATE "{source}"')
        finally:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def release(self):
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def remove_worker_copy(self):
        """The copied database is kept by Django (keepdb): remove it at the end of the session."""
        if not self.copied:
            return
        from django.db import connections

        connections.close_all()
        name = self.conn.settings_dict["NAME"]
        if self.sqlite:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)
            return
        # WITH (FORCE): a thread of a live-server or task test may still hold a connection of its own
        # (close_all() closes this thread's only); once seen in CI as "being accessed by other users".
        with self.conn._nodb_cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
