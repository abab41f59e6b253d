from django.shortcuts import render

from ..permissions import public


@public
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@public
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
