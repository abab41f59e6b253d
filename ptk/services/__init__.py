"""Writes for the PTK record, by concern. Services take keyword-only arguments, run in one transaction
and never see the HTTP request; the caller (a view) has already checked permission. Every change is
versioned through ``versioning._record`` (one place).

This package re-exports every service, so ``from ptk.services import ptk_enter`` keeps working."""

from .account import (  # noqa: F401
    S02Result,
    _ensure_user,
    ptk_account_activate,
    ptk_letter_data,
    ptk_s02_issue,
    resolve_ptk_username,
)
from .dapodik import (  # noqa: F401
    DAPODIK_ENTRY_FORM,
    DAPODIK_ROLE,
    DapodikApplied,
    _pegids_free,
    _record_bulk,
    ptk_apply_dapodik,
)
from .eds import (  # noqa: F401
    ptk_eds_save,
    ptk_s03_issue,
)
from .entry import (  # noqa: F401
    ENTRY_FIELDS,
    _duplicate_error,
    _lock_identity,
    ptk_enter,
)
from .history import (  # noqa: F401
    history_delete,
    history_model,
    history_save,
)
from .identifiers import (  # noqa: F401
    PEGID_PREFIX,
    _free_identifier,
    pegid_candidate,
    pegid_generate,
)
from .papers import (  # noqa: F401
    DOCUMENT_META,
    ptk_document_add,
)
from .record import (  # noqa: F401
    _apply,
    ptk_photo_replace,
    ptk_set_nuptk,
    ptk_update_contacts,
    ptk_update_master,
    ptk_update_staffing,
)
from .registration import (  # noqa: F401
    ALL_OK,
    LEVEL2_ITEMS,
    check_letter_code,
    registration_check,
    registration_detail_verify,
    registration_dinas_batch,
    registration_level1,
    registration_pact_receive,
    registration_pact_refuse,
    registration_pact_sign,
    registration_s03_submitted,
    registration_school_batch,
    semester_of,
)
from .schools import (  # noqa: F401
    ptk_home_school_correct,
    ptk_home_school_move,
    ptk_school_add,
    ptk_school_remove,
)
from .versioning import (  # noqa: F401
    Diff,
    _diff,
    _display,
    _field_label,
    _record,
    _snapshot,
    _tracked_fields,
    role_label,
)
