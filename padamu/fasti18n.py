"""``{% load i18n %}`` with a ``{% trans %}``/``{% translate %}`` that keeps its output per language.

Django's tag builds a lazy translation object and renders it on every use (~25 µs of CPU); a page has
twenty to thirty of them. Mapped as the ``i18n`` library in TEMPLATES, this module offers every tag
and filter of Django's ``i18n`` library; a ``trans`` of a quoted string (no filters, no ``context``,
no ``noop``, no ``as``) gives, per language and autoescape setting, what Django's node gave the first
time. Every other form is Django's node unchanged.
"""

from django import template
from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

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


register.tag("translate", _cached)
register.tag("trans", _cached)
