"""reverse() for the links of a list's rows, without the URL resolver per row.

``{% url 'ptk:detail' p.pk %}`` in a 25-row loop runs the resolver 25 times per page (~1 ms of CPU).
``pk_url(name, pk)`` reverses the name once per URL prefix and urlconf with a marker id and then only
puts each row's id in its place: the same string reverse() gives, for URLs whose one argument is an
integer id (``<int:pk>``).
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = 9081726354
_templates: dict[tuple, tuple[str, str]] = {}


def pk_url(url_name: str, pk: int) -> str:
    key = (url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    t = _templates.get(key)
    if t is None:
        head, marker, tail = reverse(url_name, args=[_MARKER]).partition(str(_MARKER))
        if not marker:
            raise ValueError(f"{url_name} does not take an integer id")
        t = _templates[key] = (head, tail)
    return f"{t[0]}{int(pk)}{t[1]}"


def with_detail_urls(items, url_name: str, attr: str = "detail_url"):
    """Put each row's link on it (``row.detail_url``) for the template; returns the items."""
    for item in items:
        setattr(item, attr, pk_url(url_name, item.pk))
    return items


_plain: dict[tuple, str] = {}


def plain_url(url_name: str, current_app: str | None = None) -> str:
    """reverse() of a URL name without arguments (``{% url 'accounts:home' %}``), remembered per name,
    current app, URL prefix and urlconf: the links of every page's header and footer (padamu/chrome.py)
    and the ``{% url %}`` tag (padamu/fasturl.py). NoReverseMatch is raised as reverse() raises it (a
    name that does not resolve is never kept)."""
    key = (url_name, current_app, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    url = _plain.get(key)
    if url is None:
        url = _plain[key] = reverse(url_name, current_app=current_app)
    return url
