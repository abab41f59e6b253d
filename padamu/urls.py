from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("dokumen/", include("documents.urls")),
    path("ptk/", include("ptk.urls")),
    path("ajuan/", include("nuptk.urls")),
]

handler403 = "accounts.views.errors.permission_denied"
handler404 = "accounts.views.errors.page_not_found"
