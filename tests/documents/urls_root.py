"""The project URLs plus the short verification URL at the site root, as padamu/urls.py mounts
it: path("v/", include(public_urlpatterns))."""

from django.urls import include, path

from documents.urls import public_urlpatterns
from padamu.urls import handler403, handler404  # noqa: F401
from padamu.urls import urlpatterns as project

urlpatterns = [*project, path("v/", include(public_urlpatterns))]
