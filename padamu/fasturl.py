"""``{% url %}`` without the URL resolver for names that take no arguments (a template builtin).

A page's chrome and links carry ten or more ``{% url 'app:name' %}`` with no arguments; each one runs
the resolver (~40 µs of CPU). This library replaces the builtin ``url`` tag with Django's own parser and
node, except that an argument-less URL is reversed once per name, current app, script prefix and
urlconf and then reused. URLs with arguments go through Django's node unchanged.
"""

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

_urls: dict[tuple, str] = {}


class CachedURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        key = (view_name, current_app, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        try:
            url = _urls[key]
        except (KeyError, TypeError):  # TypeError: an unhashable view name, left to Django
            try:
                url = reverse(view_name, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise  # as Django's tag: a broken link is an error
                url = ""  # ... unless "as var" was used (not kept: the name may exist elsewhere)
            else:
                try:
                    _urls[key] = url
                except TypeError:
                    pass
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
