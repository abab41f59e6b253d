from django.urls import path

from .views import auth, delegation, home, institutions, notifications, users

app_name = "accounts"
urlpatterns = [
    path("", home.home, name="home"),
    path("masuk/", auth.login, name="login"),
    path("keluar/", auth.logout, name="logout"),
    path("aktivasi/", auth.activate, name="activate"),
    path("peran/", auth.choose_role, name="choose_role"),
    path("lembaga/", institutions.institution_index, name="institutions"),
    path("lembaga/<int:pk>/", institutions.institution_detail, name="institution"),
    path("pengguna/", users.user_index, name="users"),
    path("pengguna/daftar/", users.user_register, name="user_register"),
    path("pengguna/<int:pk>/reset/", users.user_reset, name="user_reset"),
    path("pengguna/<int:pk>/status/", users.user_toggle, name="user_toggle"),
    path("delegasi/", delegation.delegation_index, name="delegations"),
    path("pemberitahuan/", notifications.notification_index, name="notifications"),
    path("pemberitahuan/baca/", notifications.notification_read_all, name="notifications_read"),
    path("delegasi/<int:pk>/cabut/", delegation.delegation_revoke_view, name="delegation_revoke"),
]
