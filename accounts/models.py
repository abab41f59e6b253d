"""Who and where: regions, institutions (the tenants), users and their roles."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .validators import validate_npsn


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self):
        return self.name


class Regency(models.Model):
    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self):
        return self.name

    @property
    def is_city(self) -> bool:
        return int(self.code[-2:]) >= 71


class District(models.Model):
    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class InstitutionKind(models.TextChoices):
    PDSPK = "pdspk", _("PDSPK")
    LPMP = "lpmp", _("LPMP/BPMP")
    BPPAUD = "bppaud", _("BP-PAUD dan Dikmas")
    BPKLN = "bpkln", _("BPKLN")
    DINAS_PROV = "dinas_prov", _("Dinas Pendidikan Provinsi")
    DINAS_KAB = "dinas_kab", _("Dinas Pendidikan Kabupaten/Kota")
    ATDIKBUD = "atdikbud", _("Atdikbud")
    KECAMATAN = "kecamatan", _("Kantor Kecamatan (UPTD)")
    SEKOLAH = "sekolah", _("Sekolah")


class Jenjang(models.TextChoices):
    """Bentuk pendidikan of a school (satuan pendidikan)."""

    TK = "TK", "TK"
    KB = "KB", "KB"
    TPA = "TPA", "TPA"
    SPS = "SPS", "SPS"
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA"
    SMK = "SMK", "SMK"
    SLB = "SLB", "SLB"
    PKBM = "PKBM", "PKBM"
    SKB = "SKB", "SKB"
    LKP = "LKP", "LKP"


class SchoolStatus(models.TextChoices):
    NEGERI = "negeri", _("Negeri")
    SWASTA = "swasta", _("Swasta")


class Institution(models.Model):
    """A tenant: an office or a school. Schools carry the keys of the offices that cover them
    (dinas, qa_office), computed once by accounts.coverage, so that scoping is a plain filter."""

    kind = models.CharField(_("jenis lembaga"), max_length=12, choices=InstitutionKind.choices)
    name = models.CharField(_("nama"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("lembaga di atasnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("provinsi")
    )
    regency = models.ForeignKey(
        Regency, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("kabupaten/kota")
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("kecamatan")
    )
    country = models.CharField(_("negara"), max_length=80, blank=True)
    is_abroad = models.BooleanField(_("di luar negeri"), default=False)
    # School fields (kind == sekolah)
    npsn = models.CharField(
        _("NPSN"),
        max_length=8,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_npsn],
        error_messages={"unique": _("NPSN ini sudah terdaftar untuk sekolah lain.")},
    )
    jenjang = models.CharField(_("bentuk/jenjang"), max_length=4, choices=Jenjang.choices, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=SchoolStatus.choices, blank=True)
    yayasan = models.CharField(_("yayasan"), max_length=200, blank=True)
    dinas = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Dinas/Atdikbud yang membina"),
    )
    qa_office = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("LPMP/BPKLN/BP-PAUD yang membina"),
    )
    # Letterhead and signature block
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_nip = models.CharField(_("NIP kepala"), max_length=18, blank=True)
    group = models.OneToOneField(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="institution"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lembaga")
        verbose_name_plural = _("lembaga")
        permissions = [("operate_school", _("Bertindak sebagai operator sekolah (delegasi)"))]
        indexes = [
            models.Index(fields=["kind", "name"], name="inst_kind_name"),
            models.Index(fields=["dinas", "kind", "name"], name="inst_dinas"),
            models.Index(fields=["qa_office", "kind", "name"], name="inst_qa"),
            models.Index(fields=["parent", "kind", "name"], name="inst_parent"),
            models.Index(fields=["kind", "province"], name="inst_kind_prov"),
            models.Index(fields=["kind", "regency"], name="inst_kind_reg"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="sekolah") | (Q(npsn__isnull=False) & ~Q(jenjang="") & ~Q(status="")),
                name="school_has_npsn_jenjang_status",
                violation_error_message=_("Sekolah wajib memiliki NPSN, jenjang dan status."),
            ),
            models.CheckConstraint(
                condition=Q(npsn__isnull=True) | Q(npsn__regex=r"^([0-9]{8}|[KP][0-9]{7}|[0-9]{6})$"),
                name="npsn_format",
                violation_error_message=_("NPSN tidak valid."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_school(self) -> bool:
        return self.kind == InstitutionKind.SEKOLAH

    @property
    def is_office(self) -> bool:
        return not self.is_school


class InstitutionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Institution, on_delete=models.CASCADE)


class InstitutionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Institution, on_delete=models.CASCADE)


class User(AbstractUser):
    """A person. What they may do comes from their role assignments, never from the user row."""

    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    # Raised by "log out everywhere" (and by a reset): every session signed with the old value dies.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret=None):
        """Sessions carry an HMAC of the password hash and the session epoch: changing either logs
        the account out of every device."""
        key_salt = "accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_protected(self) -> bool:
        """Superuser and staff accounts are never registered over, invited, reset or activated
        through an institution's flows."""
        return self.is_superuser or self.is_staff

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    OPERATOR = "operator", _("Operator")
    PTK = "ptk", _("PTK")


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("lembaga"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # Set when the account was reset by an authority that does not own this role: the role stays
    # closed until its own owner re-opens it (a scoped code the person enters while logged in).
    suspended_at = models.DateTimeField(_("ditangguhkan sejak"), null=True, blank=True)
    suspended_reason = models.CharField(_("alasan penangguhan"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "institution"], name="unique_role_per_institution"
            ),
            models.CheckConstraint(
                condition=Q(role="ptk") | Q(institution__isnull=False), name="staff_role_has_institution"
            ),
        ]
        indexes = [models.Index(fields=["institution", "role"], name="role_inst")]

    def __str__(self):
        if self.role == Role.PTK:
            return str(_("PTK"))
        return f"{self.get_role_display()} {self.institution}"

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None


class ActivationCode(models.Model):
    """A one-time code. Only its hash is stored. An *account* code lets a person set their own
    password (activation, reset); a *reopen* code, entered while logged in, re-opens suspended roles.
    Either kind re-opens exactly the role assignments listed in ``opens`` (those the issuing
    authority owns), never the account's other roles."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("aktivasi/reset akun")
        REOPEN = "reopen", _("buka kembali peran")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_codes"
    )
    code_hash = models.CharField(max_length=128)
    purpose = models.CharField(max_length=8, choices=Purpose.choices, default=Purpose.ACCOUNT)
    opens = models.ManyToManyField(RoleAssignment, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode aktivasi")
        verbose_name_plural = _("kode aktivasi")
        indexes = [models.Index(fields=["user", "-created_at"], name="actcode_user")]

    def __str__(self):
        return f"kode aktivasi {self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_live(self) -> bool:
        return self.used_at is None and self.revoked_at is None


class Delegation(models.Model):
    """A school admin lets its kecamatan office or Dinas act as the school's operator.
    The effective grant is a django-guardian object permission; this row is the visible log."""

    school = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="delegations_out")
    delegate = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="delegations_in")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("delegasi")
        verbose_name_plural = _("delegasi")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "delegate"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_delegation",
            )
        ]

    def __str__(self):
        return f"{self.school} -> {self.delegate}"


class AccountEvent(models.Model):
    """Audit trail of account actions (registration, activation, reset, delegation)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    institution = models.ForeignKey(Institution, null=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["institution", "-at"], name="acctevent_inst")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class Notification(models.Model):
    """An in-app notice to a person (also mailed when they have an email address)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    # The role the link is for (a person with several roles opens it after switching to it);
    # empty when the link works under any of the person's roles.
    role = models.ForeignKey(
        "accounts.RoleAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notif_user")]

    def __str__(self):
        return self.title


class RoleInvitation(models.Model):
    """An admin offers an existing person a role at an institution. It is addressed to a username
    (stored as typed, whether or not such an account exists, so the page reveals nothing); only the
    person, logged in, can accept it, and only acceptance creates the RoleAssignment."""

    username = models.CharField(_("nama pengguna"), max_length=150)
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    assignment = models.ForeignKey(
        RoleAssignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("undangan peran")
        verbose_name_plural = _("undangan peran")
        indexes = [
            models.Index(fields=["username", "-created_at"], name="invite_username"),
            models.Index(fields=["institution", "-created_at"], name="invite_inst"),
        ]

    def __str__(self):
        return f"{self.username}: {self.get_role_display()} {self.institution}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.revoked_at is None

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return str(_("diterima"))
        if self.declined_at:
            return str(_("ditolak"))
        if self.revoked_at:
            return str(_("dibatalkan"))
        return str(_("menunggu jawaban"))


class DataAccess(models.Model):
    """Who looked at or exported personal data (PTK records carry NIK): actor, the role they acted
    in, their institution, when, and the scope keys of what they saw, so an admin can review the
    access within their scope."""

    class Action(models.TextChoices):
        VIEW = "view", _("melihat")
        EXPORT = "export", _("mengekspor")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, blank=True)
    institution = models.ForeignKey(Institution, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("tindakan"), max_length=8, choices=Action.choices)
    subject_type = models.CharField(max_length=20)
    subject_id = models.CharField(max_length=40, blank=True)
    subject_label = models.CharField(_("data"), max_length=200, blank=True)
    detail = models.CharField(_("keterangan"), max_length=255, blank=True)
    # Scope keys of the data (a PTK's home school and its covering offices), for scope.rows().
    school = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dinas = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    qa_office = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("akses data")
        verbose_name_plural = _("akses data")
        indexes = [
            models.Index(fields=["institution", "-at"], name="access_inst"),
            models.Index(fields=["school", "-at"], name="access_school"),
            models.Index(fields=["dinas", "-at"], name="access_dinas"),
            models.Index(fields=["qa_office", "-at"], name="access_qa"),
            models.Index(fields=["-at", "-id"], name="access_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject_label}"


class Throttle(models.Model):
    """A fixed-window counter in the database (shared by every worker, no cache service needed):
    failed logins per IP, public verification requests per IP."""

    key = models.CharField(max_length=120, primary_key=True)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.hits}"


class OfficialPosition(models.TextChoices):
    HEAD = "head", _("Kepala")
    SUPERVISOR = "supervisor", _("Pengawas sekolah")


class Official(models.Model):
    """A person holding an office of an institution for a period: its head (Kepala Dinas, Kepala
    LPMP, Kepala Sekolah...) or, for a school, its supervisor (pengawas sekolah binaan). Letters are
    signed by the official in office on their date (``accounts.selectors.official_on``); the rows are
    the history, never edited in place: a new appointment ends the previous term."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="officials", verbose_name=_("lembaga")
    )
    position = models.CharField(
        _("jabatan"), max_length=12, choices=OfficialPosition.choices, default=OfficialPosition.HEAD
    )
    title = models.CharField(
        _("sebutan jabatan"),
        max_length=200,
        blank=True,
        help_text=_("Kosongkan untuk sebutan baku, mis. \"Plt. Kepala Dinas Pendidikan\"."),
    )
    name = models.CharField(_("nama lengkap dengan gelar"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=80, blank=True)
    start = models.DateField(_("mulai menjabat"))
    end = models.DateField(_("akhir jabatan"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offices_held",
        verbose_name=_("akun"),
    )
    source = models.CharField(_("dasar"), max_length=200, blank=True)  # e.g. "S18 00012/S18/..." or "diisi admin"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["institution", "position", "-start", "-pk"]
        verbose_name = _("pejabat")
        verbose_name_plural = _("pejabat")
        indexes = [models.Index(fields=["institution", "position", "-start"], name="official_inst_pos")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="official_term_order",
                violation_error_message=_("Akhir jabatan tidak boleh sebelum mulai menjabat."),
            ),
            models.UniqueConstraint(
                fields=["institution", "position"],
                condition=Q(end__isnull=True),
                name="official_one_open_term",
                violation_error_message=_("Lembaga ini sudah memiliki pejabat yang sedang menjabat."),
            ),
            models.CheckConstraint(
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{18}$"), name="official_nip_18_digits"
            ),
        ]

    def __str__(self):
        return f"{self.get_position_display()} {self.institution}: {self.name}"

    def in_office_on(self, day) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class SchoolAccountRequest(models.Model):
    """A school without an account asks its Dinas (flows.md part 1): the Dinas enters the request
    with the NPSN checked against the reference data, recaps its waiting requests for the QA office
    (LPMP; BPKLN abroad; BP-PAUD for PAUD and non-formal units), which verifies each and creates the
    school's admin account (S01 with a one-time code; no password printed or stored) or returns it
    with a note. Carries the school's scope keys. Services: accounts.school_accounts."""

    class State(models.TextChoices):
        AT_DINAS = "at_dinas", _("Di Dinas (belum direkap)")
        AT_QA = "at_qa", _("Direkap, menunggu verifikasi LPMP/BPKLN/BP-PAUD")
        RETURNED = "returned", _("Dikembalikan ke Dinas dengan catatan")
        CREATED = "created", _("Akun sekolah dibuat (S01)")

    school = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("sekolah"))
    dinas = models.ForeignKey(Institution, null=True, on_delete=models.PROTECT, related_name="+")
    qa_office = models.ForeignKey(Institution, null=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.AT_DINAS)
    applicant_name = models.CharField(_("nama calon admin sekolah"), max_length=150)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    recap_code = models.CharField(_("kode rekap"), max_length=40, blank=True, db_index=True)
    note = models.TextField(_("catatan"), blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recapped_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ajuan akun sekolah")
        verbose_name_plural = _("ajuan akun sekolah")
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=~Q(state="created"), name="schoolacct_one_open"
            )
        ]
        indexes = [
            models.Index(fields=["dinas", "state", "created_at"], name="schoolacct_dinas"),
            models.Index(fields=["qa_office", "state", "created_at"], name="schoolacct_qa"),
        ]

    def __str__(self):
        return f"{self.school} ({self.get_state_display()})"
