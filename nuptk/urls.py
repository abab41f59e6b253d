from django.urls import path

from . import views

app_name = "nuptk"
urlpatterns = [
    path("", views.submission_index, name="list"),
    path("ekspor/", views.submission_export, name="export"),
    path("antrian/", views.queue, name="queue"),
    path("mutasi-masuk/", views.incoming, name="incoming"),
    path("antrian/ekspor/", views.queue_export, name="queue_export"),
    path("antrian/teruskan/", views.queue_forward, name="queue_forward"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/ekspor/", views.statistics_export, name="statistics_export"),
    path("baru/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pengaduan/", views.complaint, name="complaint"),
    path("<int:pk>/dokumen/", views.attach, name="attach"),
    path("<int:pk>/dokumen/<int:doc>/hapus/", views.document_remove, name="document_remove"),
    path("<int:pk>/dokumen/<int:doc>/berkas/", views.document_file, name="document_file"),
    path("<int:pk>/data/", views.payload, name="payload"),
    path("<int:pk>/ajukan/", views.submit, name="submit"),
    path("<int:pk>/kirim-sk/", views.resubmit_sk, name="resubmit_sk"),
    path("<int:pk>/batal/", views.cancel, name="cancel"),
    path("<int:pk>/periksa/", views.claim, name="claim"),
    path("<int:pk>/lepas/", views.release, name="release"),
    path("<int:pk>/setujui/", views.approve, name="approve"),
    path("<int:pk>/tolak/", views.reject, name="reject"),
    path("<int:pk>/arsipkan/", views.archive, name="archive"),
]
