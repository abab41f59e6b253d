"""Notices people cannot miss: the unread count in the header, a returned request in red on the home page."""

import pytest
from django.urls import reverse

from tests.factories import login_as
from tests.nuptk.conftest import reject as reviewer_reject

from .conftest import scope_of
from .test_views import submitted

pytestmark = pytest.mark.django_db


def reject(world, sub, note="KTP buram, unggah ulang scan berwarna"):
    return reviewer_reject(
        scope=scope_of(world.roles["dinas_kota_op"]), pk=sub.pk, reason="unreadable", note=note
    )


def test_returned_request_is_in_red_on_the_home_page_and_counted_in_the_header(client, world):
    sub = submitted(world)
    login_as(client, world.roles["sd_op"])
    home = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="rejected-alert"' not in home and 'data-testid="unread-count"' not in home

    reject(world, sub)
    home = client.get(reverse("accounts:home")).content.decode()
    alert = home.split('data-testid="rejected-alert"')[1].split("</div>")[0]
    assert "1 ajuan dikembalikan dan perlu diperbaiki" in alert
    assert sub.code in alert and "Scan tidak terbaca" in alert
    assert reverse("nuptk:detail", args=[sub.pk]) in alert
    assert home.index("rejected-alert") < home.index('data-testid="nuptk-panel"')  # before everything else
    badge = home.split('data-testid="unread-count"')[1].split("</span></span>")[0]
    assert ">1<" in badge and "belum dibaca" in badge

    # Read: the count goes; the returned request stays in red until it is fixed.
    client.post(reverse("accounts:notifications_read"))
    home = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="unread-count"' not in home and 'data-testid="rejected-alert"' in home


def test_the_header_count_costs_the_same_queries_for_1_or_150_notices(
    client, world, django_assert_max_num_queries
):
    from accounts.models import Notification

    u = world.roles["sd_op"].user
    login_as(client, world.roles["sd_op"])
    Notification.objects.create(user=u, title="satu")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("accounts:notifications"))
    Notification.objects.bulk_create([Notification(user=u, title=f"n{i}") for i in range(150)])
    with django_assert_max_num_queries(len(one)):
        r = client.get(reverse("accounts:notifications"))
    assert ">99+<" in r.content.decode()
