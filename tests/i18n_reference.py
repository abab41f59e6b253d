"""Django's own ``{% trans %}`` node under the library name ``i18n_reference``: the reference that
tests/test_fasti18n.py compares padamu/fasti18n.py's cached tag with (``install()`` replaced the tag
in Django's ``i18n`` library itself)."""

from django import template
from django.templatetags import i18n as django_i18n

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


def _plain(parser, token):
    node = django_i18n.do_translate(parser, token)
    return django_i18n.TranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


register.tag("trans", _plain)
register.tag("translate", _plain)
