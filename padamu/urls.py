from django.contrib import admin
from django.urls import include, path

from documents.urls import public_urlpatterns as letter_verification
from padamu import health

# Django admin is for superusers only; everyone else works through Padamu's own pages.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "Padamu: administrasi"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("v/", include(letter_verification)),  # short public URL under each letter's QR code
    path("dokumen/", include("documents.urls")),
    path("ptk/", include("ptk.urls")),
    path("ajuan/", include("nuptk.urls")),
    # Load balancer and supervisor checks (padamu/health.py): readiness with the database, liveness.
    path("sehat/", health.ready, name="health_ready"),
    path("sehat/hidup/", health.alive, name="health_alive"),
    path("pertukaran/", include("exchange.urls")),
    path("api/v1/", include(("exchange.api.urls", "api"))),
]

handler403 = "accounts.views.errors.permission_denied"
handler404 = "accounts.views.errors.page_not_found"
handler500 = "accounts.views.errors.server_error"
