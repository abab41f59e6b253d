from django.urls import path

from . import views, views_letterhead

app_name = "documents"
urlpatterns = [
    path("surat/", views.letter_index, name="letter_index"),
    path("surat/<int:pk>/pdf/", views.letter_pdf_view, name="letter_pdf"),
    path("surat/<int:pk>/pengaduan/", views.letter_complaint, name="letter_complaint"),
    path("pengaduan/", views.complaint_index, name="complaints"),
    path("pengaduan/<int:pk>/jawab/", views.complaint_answer_view, name="complaint_answer"),
    path("surat/<int:pk>/batal/", views.letter_void_view, name="letter_void"),
    path("v/<str:token>/", views.verify, name="verify"),
    path("lembaga/<int:pk>/kop/", views_letterhead.institution_letterhead, name="letterhead"),
    path("galeri/", views.gallery, name="gallery"),
    path("galeri/<str:code>.pdf", views.gallery_pdf, name="gallery_pdf"),
    path("galeri/<str:code>.png", views.gallery_png, name="gallery_png"),
    path("cetak-massal/", views.batch_index, name="batch_index"),
    path("cetak-massal/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("cetak-massal/<int:pk>/status/", views.batch_status, name="batch_status"),
    path("cetak-massal/<int:pk>/unduh/", views.batch_download, name="batch_download"),
]

# The short verification URL printed under every QR code: PUBLIC_BASE_URL/v/<token>/.
# Mounted at the site root by padamu/urls.py: path("v/", include(public_urlpatterns)).
public_urlpatterns = [
    path("", views.verify_form, name="letter_verify_form"),
    path("<str:token>/", views.verify, name="letter_verify_short"),
]
