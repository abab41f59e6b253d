"""Django admin (superusers only): read-mostly views. Changes to a PTK go through ptk.services so
they are versioned; the change history itself cannot be edited here."""

from django.contrib import admin

from .models import Ptk, PtkChange, PtkDocument, PtkSchool


@admin.register(Ptk)
class PtkAdmin(admin.ModelAdmin):
    list_display = ("name", "nuptk", "pegid", "nuptk_status", "school")
    list_filter = ("nuptk_status", "ptk_type", "employment_status")
    search_fields = ("=nik", "=nuptk", "=pegid", "name")
    raw_id_fields = ("user", "school", "dinas", "qa_office", "photo", "entered_by")
    readonly_fields = [f.name for f in Ptk._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PtkChange)
class PtkChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "ptk", "table", "field", "action", "actor", "role")
    raw_id_fields = ("ptk", "actor")
    readonly_fields = [f.name for f in PtkChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(PtkDocument, raw_id_fields=("ptk", "stored_file", "superseded_by", "uploaded_by"))
admin.site.register(PtkSchool, raw_id_fields=("ptk", "school", "dinas", "qa_office"))
