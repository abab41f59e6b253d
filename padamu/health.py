"""Health endpoints for the load balancer and the process supervisor. Public, answer JSON, never
say more than ok/unavailable (no versions, hosts or error texts).

- ``/sehat/``: readiness. 200 when the primary database answers ``SELECT 1``, else 503: the load
  balancer stops sending requests to this machine until the database is back.
- ``/sehat/hidup/``: liveness. 200 as long as the process serves requests (no database), so a
  supervisor restarts only a hung process, not every machine when the database blinks.
"""

import logging

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.permissions import public

log = logging.getLogger("padamu.health")


def _database_ok(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cur:
            cur.execute("SELECT 1")
            return cur.fetchone() == (1,)
    except DatabaseError:
        log.warning("database %s does not answer", alias, exc_info=True)
        return False


@public
@require_safe
@never_cache
def ready(request):
    ok = _database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unavailable"},
        status=200 if ok else 503,
    )


@public
@require_safe
@never_cache
def alive(request):
    return JsonResponse({"status": "ok"})
