from django.urls import path

from .views import clients, exports, imports

app_name = "exchange"
urlpatterns = [
    path("impor/", imports.import_index, name="import_index"),
    path("impor/format/", imports.import_format, name="import_format"),
    path("impor/contoh.csv", imports.import_template, name="import_template"),
    path("impor/<int:pk>/", imports.import_detail, name="import_detail"),
    path("impor/<int:pk>/status/", imports.import_status, name="import_status"),
    path("impor/<int:pk>/konfirmasi/", imports.import_confirm, name="import_confirm"),
    path("impor/<int:pk>/batal/", imports.import_cancel, name="import_cancel"),
    path("ekspor/", exports.export_index, name="export_index"),
    path("ekspor/<int:pk>/", exports.export_detail, name="export_detail"),
    path("ekspor/<int:pk>/status/", exports.export_status, name="export_status"),
    path("ekspor/<int:pk>/unduh/", exports.export_download, name="export_download"),
    path("klien-api/", clients.client_index, name="client_index"),
    path("klien-api/<int:pk>/", clients.client_detail, name="client_detail"),
    path("klien-api/<int:pk>/cabut/", clients.client_revoke, name="client_revoke"),
]
