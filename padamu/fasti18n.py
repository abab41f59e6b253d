"""``{% trans %}``/``{% translate %}`` that keep their output per language.

Django's tag builds a lazy translation object and renders it on every use (~25 µs of CPU); a page has
twenty to thirty of them. ``install()`` (called from ``AccountsConfig.ready``) puts this module's
tag in Django's own ``i18n`` library, so ``{% load i18n %}`` gives it to every template, the admin's
included. (Mapping another module to the name ``i18n`` in TEMPLATES would do the same, but Django's
check then warns that two libraries share a name, templates.W003, and ``check --deploy`` fails on
warnings.) A ``trans`` of a quoted string (no filters, no ``context``, no ``noop``, no ``as``) gives,
per language and autoescape setting, what Django's node gave the first time. Every other form is
Django's node unchanged.
"""

from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

_texts: dict[tuple, str] = {}


class CachedTranslateNode(django_i18n.TranslateNode):
    def render(self, context):
        fe = self.filter_expression
        var = fe.var
        if (
            self.noop
            or self.asvar
            or self.message_context is not None
            or fe.filters
            or not isinstance(var, Variable)
            or var.literal is None
        ):
            return super().render(context)
        key = (get_language(), var.literal, context.autoescape)
        text = _texts.get(key)
        if text is None:
            text = _texts[key] = super().render(context)
        return text


def _cached(parser, token):
    node = django_i18n.do_translate(parser, token)
    return CachedTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


def install() -> None:
    """Make ``{% load i18n %}``'s ``trans`` and ``translate`` the cached ones (idempotent)."""
    django_i18n.register.tag("translate", _cached)
    django_i18n.register.tag("trans", _cached)
