"""padamu.urlcache.pk_url gives what reverse() gives, also under a URL prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from padamu.urlcache import pk_url, plain_url


@pytest.mark.parametrize("name", ["ptk:detail", "nuptk:detail"])
def test_pk_url_is_reverse(name):
    for pk in (1, 42, 10**12):
        assert pk_url(name, pk) == reverse(name, args=[pk])
    set_script_prefix("/padamu/")
    try:
        assert pk_url(name, 7) == reverse(name, args=[7])
        assert pk_url(name, 7).startswith("/padamu/")
    finally:
        clear_script_prefix()
    assert not pk_url(name, 7).startswith("/padamu/")


def test_pk_url_refuses_a_url_without_an_id():
    with pytest.raises((NoReverseMatch, ValueError)):
        pk_url("ptk:list", 1)


@pytest.mark.parametrize("name", ["accounts:home", "accounts:notifications", "accounts:set_language", "admin:index"])
def test_plain_url_is_reverse(name):
    assert plain_url(name) == reverse(name)
    set_script_prefix("/padamu/")
    try:
        assert plain_url(name) == reverse(name)
        assert plain_url(name).startswith("/padamu/")
    finally:
        clear_script_prefix()
    assert not plain_url(name).startswith("/padamu/")


def test_plain_url_keeps_the_current_app_apart():
    """{% url %} passes the request's current app (padamu/fasturl.py): kept per app, as reverse() gives it."""
    assert plain_url("admin:index", "admin") == reverse("admin:index", current_app="admin")
    assert plain_url("admin:index") == reverse("admin:index")
    with pytest.raises(NoReverseMatch):
        plain_url("tidak:ada")
