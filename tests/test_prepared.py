"""The per-request lookups compiled once (padamu/prepared.py, padamu/sessions.py,
accounts/backends.py) give what the ORM gives, and still refuse what it refuses: an expired session,
a deactivated person, a withdrawn or suspended role."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import InstitutionKind, Notification, Role, RoleAssignment
from padamu.prepared import Prepared
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinas_op():
    _p, r, _d = f.region()
    dinas = f.office(InstitutionKind.DINAS_KAB, regency=r, province=r.province)
    return f.assign(f.user(), Role.OPERATOR, dinas)


ROLE = Prepared(
    lambda pk, user_id: RoleAssignment.objects.filter(pk=pk, user_id=user_id).select_related("institution"),
    pk=int,
    user_id=int,
)


def test_model_rows_equal_the_orms_with_related_objects_and_converted_types(dinas_op, django_assert_num_queries):
    orm = RoleAssignment.objects.select_related("institution").get(pk=dinas_op.pk)
    with django_assert_num_queries(1):
        got = ROLE.first(pk=dinas_op.pk, user_id=dinas_op.user_id)
        inst = got.institution  # attached by the same query
    assert got is not None and got.pk == orm.pk
    for field in RoleAssignment._meta.concrete_fields:
        assert getattr(got, field.attname) == getattr(orm, field.attname), field.name
    assert got.is_active is True  # a bool on SQLite too, not 1
    assert got.created_at.tzinfo is not None  # aware, as the ORM gives it
    assert inst.pk == orm.institution.pk and inst.name == orm.institution.name
    assert got._state.adding is False and got._state.db == "default"


def test_other_values_run_the_same_sql_and_miss_gives_none(dinas_op):
    other = f.assign(f.user(), Role.OPERATOR, dinas_op.institution)
    assert ROLE.first(pk=other.pk, user_id=other.user_id).user_id == other.user_id
    assert ROLE.first(pk=other.pk, user_id=dinas_op.user_id) is None  # someone else's role
    assert ROLE.first(pk=dinas_op.pk, user_id=dinas_op.user_id).pk == dinas_op.pk


def test_null_related_object_stays_none():
    u = f.user()
    ptk_role = RoleAssignment.objects.create(user=u, role=Role.PTK, institution=None)
    got = ROLE.first(pk=ptk_role.pk, user_id=u.pk)
    assert got is not None and got.institution is None


def test_values_list_rows():
    u = f.user()
    for i in range(3):
        Notification.objects.create(user=u, title=f"pesan {i}")
    q = Prepared(
        lambda user_id: Notification.objects.filter(user_id=user_id, read_at__isnull=True).order_by().values_list("pk"),
        user_id=int,
    )
    assert sorted(q.rows(user_id=u.pk)) == sorted(
        Notification.objects.filter(user=u).values_list("pk")
    )
    assert q.rows(user_id=u.pk + 1000) == []


def test_a_value_that_does_not_reach_the_sql_once_is_refused():
    ignored = Prepared(lambda pk: RoleAssignment.objects.all(), pk=int)
    with pytest.raises(ValueError, match="reached the SQL 0 times"):
        ignored.first(pk=1)
    with pytest.raises(TypeError):
        Prepared(lambda when: RoleAssignment.objects.filter(created_at=when), when=datetime.datetime).first(
            when=timezone.now()
        )


def test_header_counts_unread_notices_up_to_the_cap(client, dinas_op):
    f.login_as(client, dinas_op)
    for i in range(3):
        Notification.objects.create(user=dinas_op.user, title=f"pesan {i}")
    Notification.objects.create(user=dinas_op.user, title="dibaca", read_at=timezone.now())
    Notification.objects.create(user=f.user(), title="orang lain")
    page = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="unread-count">3<' in page
    Notification.objects.bulk_create(Notification(user=dinas_op.user, title=f"m{i}") for i in range(120))
    assert 'data-testid="unread-count">99+<' in client.get(reverse("accounts:home")).content.decode()


def test_expired_session_is_not_loaded(client, dinas_op):
    f.login_as(client, dinas_op)
    home = reverse("accounts:home")
    assert client.get(home).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    r = client.get(home)
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


def test_deactivated_person_is_logged_out_on_the_next_request(client, dinas_op):
    f.login_as(client, dinas_op)
    home = reverse("accounts:home")
    assert client.get(home).status_code == 200
    type(dinas_op.user).objects.filter(pk=dinas_op.user_id).update(is_active=False)
    r = client.get(home)
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


@pytest.mark.parametrize("change", [{"is_active": False}, {"suspended_at": "now"}])
def test_withdrawn_or_suspended_role_is_dropped_on_the_next_request(client, dinas_op, change):
    f.login_as(client, dinas_op)
    home = reverse("accounts:home")
    assert "bertindak sebagai" in client.get(home).content.decode()
    if change.get("suspended_at") == "now":
        change = {"suspended_at": timezone.now()}
    RoleAssignment.objects.filter(pk=dinas_op.pk).update(**change)
    page = client.get(home)
    assert "bertindak sebagai" not in page.content.decode()
    assert SESSION_KEY not in client.session
