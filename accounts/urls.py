from django.urls import path

from .views import auth, delegation, home, institutions, mfa, notifications, school_accounts, users

app_name = "accounts"
urlpatterns = [
    path("", home.home, name="home"),
    path("masuk/", auth.login, name="login"),
    path("keluar/", auth.logout, name="logout"),
    path("aktivasi/", auth.activate, name="activate"),
    path("peran/", auth.choose_role, name="choose_role"),
    path("peran/buka/", auth.role_reopen_view, name="role_reopen"),
    path("peran/undangan/<int:pk>/", auth.invitation_answer, name="invitation_answer"),
    path("akun/keamanan/", mfa.security, name="security"),
    path("akun/kata-sandi/", auth.password_change_view, name="password_change"),
    path("akun/keluar-semua/", auth.logout_everywhere, name="logout_everywhere"),
    path("akun/verifikasi/", mfa.mfa_verify_view, name="mfa_verify"),
    path("akun/verifikasi/daftar/", mfa.mfa_enrol, name="mfa_enrol"),
    path("akun/verifikasi/kode-pemulihan/", mfa.mfa_recovery_new, name="mfa_recovery"),
    path("akun/verifikasi/matikan/", mfa.mfa_disable_view, name="mfa_disable"),
    path("lembaga/", institutions.institution_index, name="institutions"),
    path("lembaga/<int:pk>/", institutions.institution_detail, name="institution"),
    path("pengguna/", users.user_index, name="users"),
    path("pengguna/daftar/", users.user_register, name="user_register"),
    path("pengguna/<int:pk>/reset/", users.user_reset, name="user_reset"),
    path("pengguna/<int:pk>/status/", users.user_toggle, name="user_toggle"),
    path("pengguna/<int:pk>/buka-peran/", users.user_reopen, name="user_reopen"),
    path("pengguna/<int:pk>/reset-verifikasi/", users.user_mfa_reset, name="user_mfa_reset"),
    path("pengguna/undangan/", users.invitation_index, name="invitations"),
    path("pengguna/undangan/<int:pk>/batal/", users.invitation_revoke_view, name="invitation_revoke"),
    path("akun-sekolah/", school_accounts.school_account_index, name="school_accounts"),
    path("akun-sekolah/catat/", school_accounts.school_account_enter, name="school_account_enter"),
    path("akun-sekolah/rekap/", school_accounts.school_account_recap_view, name="school_account_recap"),
    path(
        "akun-sekolah/<int:pk>/buat/",
        school_accounts.school_account_create_view,
        name="school_account_create",
    ),
    path(
        "akun-sekolah/<int:pk>/kembalikan/",
        school_accounts.school_account_return_view,
        name="school_account_return",
    ),
    path("log-akses/", users.access_log, name="access_log"),
    path("delegasi/", delegation.delegation_index, name="delegations"),
    path("pemberitahuan/", notifications.notification_index, name="notifications"),
    path("pemberitahuan/baca/", notifications.notification_read_all, name="notifications_read"),
    path("delegasi/<int:pk>/cabut/", delegation.delegation_revoke_view, name="delegation_revoke"),
]
