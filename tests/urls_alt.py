"""A second urlconf for tests/test_fasturl.py: the same name at another path."""

from django.http import HttpResponse
from django.urls import include, path

home = [path("beranda/", lambda r: HttpResponse("ok"), name="home")]
urlpatterns = [path("lain/", include((home, "accounts")))]
