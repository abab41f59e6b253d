"""The replayed world (tests/worldcache.py) is the world a real build makes: the same rows, keys and
relations, and a key already taken makes it build for real instead."""

import pytest
from django.db import transaction

from accounts.models import Institution, RoleAssignment
from tests import worldcache
from tests.factories import user

pytestmark = pytest.mark.django_db


def _facts(w):
    return (
        {k: (i.pk, i.name, i.npsn, i.kind, i.dinas_id, i.qa_office_id) for k, i in w.inst.items()},
        {k: (a.pk, a.user.username, a.role, a.institution_id) for k, a in w.roles.items()},
        sorted(RoleAssignment.objects.values_list("pk", "user__username", "user__groups__name")),
    )


def test_a_replayed_world_is_the_built_world():
    sid = transaction.savepoint()
    built = _facts(worldcache._capture())
    transaction.savepoint_rollback(sid)
    replayed = worldcache._replay()
    assert replayed is not None and _facts(replayed) == built
    assert replayed.roles["sd_op"].institution is replayed.inst["sd"]
    assert replayed.roles["sd_op"].user.check_password("rahasia-uji-123")


def test_a_taken_key_means_a_real_build():
    sid = transaction.savepoint()
    worldcache.world()  # captured (or replayed) once in this worker
    transaction.savepoint_rollback(sid)
    user("pengguna.lain")  # a test's own row first: a user key the replay would reuse (or above it)
    assert worldcache._replay() is None
    w = worldcache.world()  # built for real through the services instead
    assert w.roles["sd_op"].user.username == "sd.op" and w.inst["sd"].kind == "sekolah"
    assert Institution.objects.count() == len(w.inst)
