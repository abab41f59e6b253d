"""Session engine: Django's database sessions, with the per-request read compiled once.

The row is read with the same condition as Django's (the key, not yet expired) through SQL built once
per process (padamu/prepared.py explains why). Writes, expiry, ``clearsessions`` and the table are
Django's own, so switching engines keeps every open session.
"""

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DbSessionStore):
    _sql = {}  # database alias -> SELECT

    def _get_session_from_db(self):
        model = self.model
        db = router.db_for_read(model)
        conn = connections[db]
        sql = self._sql.get(db)
        if sql is None:
            qn = conn.ops.quote_name
            sql = self._sql[db] = (
                f"SELECT {qn('session_data')} FROM {qn(model._meta.db_table)} "
                f"WHERE {qn('session_key')} = %s AND {qn('expire_date')} > %s"
            )
        with conn.cursor() as cursor:
            cursor.execute(sql, [self.session_key, conn.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
