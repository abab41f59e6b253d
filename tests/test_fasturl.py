"""``{% url %}`` (padamu/fasturl.py, a template builtin) reverses an argument-less name once and reuses
it; what it prints must be what Django's tag prints, also when the prefix or the urlconf changes."""

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, set_script_prefix

from padamu.fasturl import CachedURLNode

DJANGO = Engine()  # Django's builtins only: the reference


def both(src, **ctx):
    ours = engines["django"].from_string(src).render(ctx)
    ref = DJANGO.from_string(src).render(Context(ctx))
    return ours, ref


def test_project_templates_use_the_cached_node():
    t = engines["django"].from_string("{% url 'accounts:home' %}")
    assert any(isinstance(n, CachedURLNode) for n in t.template.nodelist)


@pytest.mark.parametrize(
    "src",
    [
        "{% url 'accounts:home' %}",
        "{% url 'accounts:notifications' %}|{% url 'accounts:home' %}",
        "{% url 'ptk:detail' 7 %}",
        "{% url 'ptk:detail' pk=pk %}",
        "{% url name %}",
        "{% url 'accounts:login' as u %}[{{ u }}]",
        "{% url 'tidak:ada' as u %}[{{ u }}]",
    ],
)
def test_same_output_as_djangos_tag(src):
    ours, ref = both(src, pk=12, name="accounts:security")
    assert ours == ref and ours


def test_an_unknown_name_is_still_an_error():
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'tidak:ada' %}").render({})


def test_script_prefix_and_urlconf_are_part_of_the_key():
    src = "{% url 'accounts:home' %}"
    first = both(src)[0]
    set_script_prefix("/padamu/")
    try:
        ours, ref = both(src)
        assert ours == ref == "/padamu" + first
    finally:
        set_script_prefix("/")
    assert both(src)[0] == first
    with override_settings(ROOT_URLCONF="tests.urls_alt"):
        ours, ref = both(src)
        assert ours == ref == "/lain/beranda/"
    assert both(src)[0] == first
