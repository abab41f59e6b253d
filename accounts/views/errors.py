from django.shortcuts import render

from ..permissions import public


@public
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@public
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@public
def server_error(request):
    """The friendly 500: a standalone template (no database, no context processors: the failure
    may be the database) with the request id the logs carry, so support can find the traceback."""
    from django.http import HttpResponseServerError
    from django.template import loader

    html = loader.get_template("500.html").render({"request_id": getattr(request, "request_id", "")})
    return HttpResponseServerError(html)
