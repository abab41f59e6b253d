"""``{% load i18n %}`` maps to padamu/fasti18n.py: ``{% trans "x" %}`` is kept per language. What it
prints must be what Django's tag prints, in either language and for every form of the tag."""

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

from padamu.fasti18n import CachedTranslateNode

DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})  # the reference


def both(src, **ctx):
    ours = engines["django"].from_string(src).render(ctx)
    ref = DJANGO.from_string(src).render(Context(ctx))
    return ours, ref


def test_project_templates_use_the_cached_node():
    t = engines["django"].from_string('{% load i18n %}{% trans "Beranda" %}')
    assert any(isinstance(n, CachedTranslateNode) for n in t.template.nodelist)


CASES = [
    '{% trans "Beranda" %}',
    '{% translate "Keluar" %}|{% trans "Beranda" %}',
    '{% trans "Tidak ada PTK yang cocok dengan pencarian." %}',
    '{% trans "100%% <b>tebal</b> & \\"kutip\\"" %}',
    '{% trans "Beranda" noop %}',
    '{% trans "Beranda" context "menu" %}',
    '{% trans "Beranda"|upper %}',
    '{% trans "Beranda" as b %}[{{ b }}]',
    "{% trans word %}",
    '{% autoescape off %}{% trans "a & b <c>" %}{% endautoescape %}{% trans "a & b <c>" %}',
    '{% blocktrans with n=word %}Halo {{ n }}{% endblocktrans %}',
]


@pytest.mark.parametrize("src", CASES)
def test_same_output_as_djangos_tag_in_each_language(src):
    for lang in ("id", "en", "id", "en"):  # the second round comes from what the first kept
        with translation.override(lang):
            ours, ref = both("{% load i18n %}" + src, word="Beranda <x>")
        assert ours == ref, (lang, src)


def test_english_reader_gets_english_after_an_indonesian_page():
    src = '{% load i18n %}{% trans "Beranda" %}|{% trans "Keluar" %}'
    with translation.override("id"):
        indonesian = both(src)[0]
    with translation.override("en"):
        english = both(src)[0]
    assert indonesian == "Beranda|Keluar" and english != indonesian and "|" in english
