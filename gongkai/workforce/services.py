"""Writes of the workforce figures (issue 20 §4): an organ's figures for a year entered or
corrected with their sources, evidence uploaded or removed. Each write checks the roles first
(the organ's 公开办管理员 or 采编; a 公开办管理员 above covers its subtree), validates everything
before writing anything, and records the audit rows in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.catalog.files import as_file, check_upload, safe_name, sha256_of
from gongkai.core.actors import Actor, user_of
from gongkai.core.audit import audit_record
from gongkai.core.conf import gongkai_settings
from gongkai.orgs.models import Organ, Role
from gongkai.orgs.permissions import require_roles
from gongkai.workforce import rules
from gongkai.workforce.audit import WorkforceAudit
from gongkai.workforce.models import FIGURES, Figure, WorkforceEvidence, WorkforceFigures

#: Who enters an organ's figures: its 公开办 (管理员) or its 采编 (who keeps its records).
ENTRANTS: frozenset[str] = frozenset({Role.ORGAN_ADMIN.value, Role.EDITOR.value})
NOT_ALLOWED = "只有本机关的公开办管理员或采编人员可以填报人员、经费和培训情况。"
MAX_FILES = 10


@dataclass(frozen=True)
class FiguresInput:
    """The figures of one organ and year as typed values (forms parse the text)."""

    fulltime_staff: int
    parttime_staff: int
    budget: Decimal
    meetings: int
    trainings: int
    trainees: int
    sources: Mapping[str, str] = field(default_factory=dict)  # figure key → source text
    notes: str = ""

    def value(self, key: str) -> int | Decimal:
        result: int | Decimal = getattr(self, key)
        return result

    def source(self, key: str) -> str:
        return str(self.sources.get(key, "") or "").strip()


def _errors(values: FiguresInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    for figure in Figure:
        key, label = figure.value, str(figure.label)
        value = values.value(key)
        if figure == Figure.BUDGET:
            if not isinstance(value, Decimal):
                refusal: str | None = f"{label}应填写数字。"
            else:
                refusal = rules.budget_refusal(label, value)
        elif not isinstance(value, int) or isinstance(value, bool):
            refusal = f"{label}应为整数。"
        else:
            refusal = rules.count_refusal(label, value)
        refusal = refusal or rules.source_refusal(label, value, values.source(key))
        if refusal:
            errors[key] = refusal
    if len(values.notes) > 2000:
        errors["notes"] = "说明不能超过2000字。"
    return errors


def _checked_files(files: Sequence[tuple[str, bytes | File]]) -> list[tuple[str, str, File]]:
    """(safe name, kind, file) of each upload, checked like the catalog's attachments."""
    if len(files) > MAX_FILES:
        raise ValidationError(f"佐证材料一次最多上传{MAX_FILES}个文件。")
    max_bytes = gongkai_settings().MAX_UPLOAD_MB * 1024 * 1024
    checked = []
    for raw_name, data in files:
        name = safe_name(raw_name)
        upload = as_file(data)
        checked.append((name, check_upload(name, upload, max_bytes), upload))
    return checked


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _tracked_fields() -> list[str]:
    return [*FIGURES, *(f"{key}_source" for key in FIGURES), "notes"]


@transaction.atomic
def figures_save(
    *,
    actor: Actor,
    organ: Organ,
    year: int,
    values: FiguresInput,
    files: Sequence[tuple[str, bytes | File]] = (),
    today: date | None = None,
) -> WorkforceFigures:
    """填报 or correct an organ's figures for `year`. The first save records every value; each
    later save records one audit row per changed field with its old and new value."""
    require_roles(actor, organ, ENTRANTS, message=NOT_ALLOWED)
    refusal = rules.year_refusal(year, today=today or timezone.localdate())
    if refusal:
        raise ValidationError({"year": refusal})
    errors = _errors(values)
    if errors:
        raise ValidationError(errors)
    uploads = _checked_files(files)  # refused uploads leave the figures unwritten too
    new: dict[str, int | Decimal | str] = {key: values.value(key) for key in FIGURES}
    new.update({f"{key}_source": values.source(key) for key in FIGURES})
    new["notes"] = values.notes.strip()
    row = WorkforceFigures.objects.select_for_update().filter(organ=organ, year=year).first()
    if row is None:
        try:
            with transaction.atomic():  # a savepoint: two first saves at once make one row
                row = WorkforceFigures.objects.create(
                    organ=organ, year=year, updated_by=user_of(actor), **new
                )
        except IntegrityError:
            row = WorkforceFigures.objects.select_for_update().get(organ=organ, year=year)
        else:
            audit_record(
                actor=actor,
                action=WorkforceAudit.CREATE,
                obj=row,
                organ_id=organ.pk,
                data={"year": year, **{key: _json(new[key]) for key in FIGURES}},
            )
            _add_evidence(actor=actor, row=row, uploads=uploads)
            return row
    changed = []
    for name in _tracked_fields():
        old = getattr(row, name)
        if old != new[name]:
            changed.append(name)
            audit_record(
                actor=actor,
                action=WorkforceAudit.CHANGE,
                obj=row,
                organ_id=organ.pk,
                data={"year": year, "field": name, "old": _json(old), "new": _json(new[name])},
            )
            setattr(row, name, new[name])
    if changed:
        row.updated_by = user_of(actor)
        row.save(update_fields=[*changed, "updated_by", "updated_at"])
    _add_evidence(actor=actor, row=row, uploads=uploads)
    return row


def _add_evidence(
    *, actor: Actor, row: WorkforceFigures, uploads: list[tuple[str, str, File]]
) -> None:
    for name, kind, upload in uploads:
        digest = sha256_of(upload)
        evidence = WorkforceEvidence(
            figures=row,
            name=name,
            file_kind=kind,
            size=upload.size or 0,
            sha256=digest,
            uploaded_by=user_of(actor),
        )
        evidence.file.save(name, upload, save=False)
        evidence.save()
        audit_record(
            actor=actor,
            action=WorkforceAudit.EVIDENCE_ADD,
            obj=row,
            organ_id=row.organ_id,
            data={"name": name, "sha256": digest},
        )


@transaction.atomic
def evidence_remove(*, actor: Actor, evidence: WorkforceEvidence) -> None:
    """Remove an evidence file uploaded by mistake (the audit row keeps its name)."""
    row = evidence.figures
    require_roles(actor, row.organ, ENTRANTS, message=NOT_ALLOWED)
    audit_record(
        actor=actor,
        action=WorkforceAudit.EVIDENCE_REMOVE,
        obj=row,
        organ_id=row.organ_id,
        data={"name": evidence.name},
    )
    stored = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    # The file goes only once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)
