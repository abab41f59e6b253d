from django.urls import path

from .views import activation, personal, registration, staff

app_name = "ptk"
urlpatterns = [
    path("", staff.ptk_index, name="list"),
    path("ekspor/", staff.ptk_export, name="export"),
    path("entri/", staff.ptk_enter_view, name="enter"),
    path("formulir/<str:code>/", staff.ptk_form_blank, name="form_blank"),
    path("aktivasi/", activation.activate, name="activate"),
    path("verval-level-2/", registration.reg_batch_school, name="reg_batch_school"),
    path("pakta-masuk/", registration.reg_batch_dinas, name="reg_batch_dinas"),
    path("saya/", personal.me, name="me"),
    path("saya/perbaikan-data-master/", personal.master_help, name="master_help"),
    path("saya/eds/", personal.eds, name="eds"),
    path("saya/s03/", personal.s03, name="s03"),
    path("<int:pk>/", staff.ptk_detail, name="detail"),
    path("<int:pk>/s02/", staff.ptk_s02, name="s02"),
    path("<int:pk>/s03/", staff.ptk_s03_office, name="s03_office"),
    path("<int:pk>/s02/<int:letter>/", staff.ptk_s02_letter, name="s02_letter"),
    path("<int:pk>/s02/<int:letter>/pdf/", staff.ptk_s02_pdf, name="s02_pdf"),
    path("<int:pk>/s02/<int:letter>/dicetak/", staff.ptk_s02_printed, name="s02_printed"),
    path("<int:pk>/buka-peran/", staff.ptk_role_reopen, name="role_reopen"),
    path("<int:pk>/kepegawaian/", staff.ptk_staffing_edit, name="staffing"),
    path("<int:pk>/sekolah/", staff.ptk_school_add_view, name="school_add"),
    path("<int:pk>/sekolah/<int:link>/hapus/", staff.ptk_school_remove_view, name="school_remove"),
    path("<int:pk>/formulir/<str:code>/", staff.ptk_form_pdf, name="form_pdf"),
    path("<int:pk>/verval-level-2/", registration.reg_check, name="reg_check"),
    path("<int:pk>/pakta/", registration.reg_pact, name="reg_pact"),
    path("<int:pk>/data-rinci/verifikasi/", registration.reg_detail_verify, name="reg_detail_verify"),
    path("<int:pk>/pakta/terima/", registration.reg_receive, name="reg_receive"),
    path("<int:pk>/pakta/kembalikan/", registration.reg_pact_refuse, name="reg_pact_refuse"),
    path("<int:pk>/kontak/", personal.contacts_edit, name="contacts"),
    path("<int:pk>/riwayat/<slug:table>/tambah/", personal.history_edit, name="history_add"),
    path("<int:pk>/riwayat/<slug:table>/<int:row>/", personal.history_edit, name="history_edit"),
    path(
        "<int:pk>/riwayat/<slug:table>/<int:row>/hapus/", personal.history_delete_view, name="history_delete"
    ),
    path("<int:pk>/perubahan/", personal.changes, name="changes"),
    path("<int:pk>/berkas/", personal.documents, name="documents"),
    path("<int:pk>/berkas/<int:doc>/", personal.document_download, name="document"),
    path("<int:pk>/foto/", personal.photo, name="photo"),
    path("<int:pk>/foto/ganti/", personal.photo_upload, name="photo_upload"),
]
