from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AccountEvent, Delegation, District, Institution, Province, Regency, RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Padamu", {"fields": ("full_name", "nip", "phone")}),)
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "npsn", "jenjang", "regency", "dinas", "qa_office")
    list_filter = ("kind", "jenjang", "status")
    search_fields = ("name", "npsn")
    raw_id_fields = ("parent", "province", "regency", "district", "dinas", "qa_office", "group")


admin.site.register(Province)
admin.site.register(Regency, search_fields=["name", "code"])
admin.site.register(District, search_fields=["name", "code"])
admin.site.register(
    RoleAssignment,
    list_display=("user", "role", "institution", "is_active"),
    raw_id_fields=("user", "institution", "created_by"),
)
admin.site.register(Delegation)
admin.site.register(AccountEvent, list_display=("at", "action", "actor", "target", "institution"))
