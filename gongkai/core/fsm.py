"""The one state-machine core every workflow in gongkai is built on.

An app declares its machine once, in its `transitions.py`:

    ITEM_MACHINE = StateMachine(
        name="item",                       # audit actions are "item.<event>"
        status=Status, events=Event,       # TextChoices: values stored, labels shown
        transitions={(Status.DRAFT, Event.SUBMIT): Status.SECRECY_REVIEW, ...},
        roles={Event.SUBMIT: {Role.EDITOR}, Event.RELEASE: SYSTEM, ...},
        roles_of=lambda actor, item: roles_for(actor, item.organ),
    )

and `ITEM_MACHINE.fire(...)` is then the only writer of the status field. `fire`
- refuses an event the actor's roles do not allow (`PermissionDenied`), and one the table does
  not allow in the current state (`InvalidTransition`, a different failure: nothing is wrong
  with the person, the case has moved on);
- must run inside a transaction on a row the caller locked (`machine.lock(obj)`), so a double
  submit fires once;
- writes the status, saves, records one audit event (`AuditAction` derived from the event
  table) in the same transaction, and sends `machine.transitioned` on commit, so receivers
  (search indexing, the annual report following its catalog item, notifications) never see a
  change that was rolled back.

A record's first status is an event too: a `(None, event)` key in the table (`fire` on an
unsaved instance creates the row).

Guards: where an organ's own setting decides which path a record takes (an answer goes 审核 then
签发, or 签发 only), the table holds both paths and `guards` maps an event to a function of the
record that returns None when the event may fire, or the Chinese reason it may not. `check`,
`check_state` and `fire` ask the guard right after the table, so a path the organ does not use is
refused like any other transition the table does not allow (`InvalidTransition`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.dispatch import Signal

from gongkai.core.actors import Actor
from gongkai.core.audit import AuditAction, audit_record

S = TypeVar("S", bound=models.TextChoices)
E = TypeVar("E", bound=models.TextChoices)
M = TypeVar("M", bound=models.Model)

#: `roles` entry of an event only the platform itself fires (a scheduled job), never a person.
SYSTEM: frozenset[str] = frozenset()

#: A guard of an event: None when the record may take it, else the reason it may not (Chinese).
Guard = Callable[[Any], str | None]


class InvalidTransition(Exception):
    """The table does not allow this event in the record's current state."""


class StateMachine(Generic[S, E]):
    """A transition table with labels, the roles allowed per event, and its single writer."""

    def __init__(
        self,
        *,
        name: str,
        status: type[S],
        events: type[E],
        transitions: Mapping[tuple[S | None, E], S],
        roles: Mapping[E, Iterable[str]],
        roles_of: Callable[[Actor, Any], set[str]],
        field: str = "status",
        subject: str = "",
        signal: Signal | None = None,
        denied: str = "您在该机关没有执行此操作的岗位权限。",
        guards: Mapping[E, Guard] | None = None,
    ) -> None:
        missing = [e for e in events if e not in roles]
        if missing:
            raise ValueError(f"{name}: no roles declared for events {missing}")
        self.name = name
        self.status = status
        self.events = events
        self.transitions: dict[tuple[S | None, E], S] = dict(transitions)
        self.roles: dict[E, frozenset[str]] = {e: frozenset(r) for e, r in roles.items()}
        self.roles_of = roles_of
        self.field = field
        #: What the refusal message calls the record ("申请", "年度报告"); empty for items.
        self.subject = subject
        #: The refusal (403) when the actor's roles do not allow an event ("…没有办理此申请的权限").
        self.denied = denied
        #: Per-event conditions on the record beyond its state (see the module docstring).
        self.guards: dict[E, Guard] = dict(guards or {})
        #: Audit actions, one per event: value "<name>.<event>", label the event's label.
        self.actions: type[AuditAction] = AuditAction(  # type: ignore[call-overload]
            f"{name.title().replace('_', '')}TransitionAction",
            [(e.name, (f"{name}.{e.value}", e.label)) for e in events],
        )
        #: Sent on commit with `instance_id`, `event`, `from_state`, `to_state`, `actor_id`.
        #: (An app passes its own named signal, e.g. `item_transitioned`, so receivers in
        #: other apps import the signal, not the machine.)
        self.transitioned = signal if signal is not None else Signal()

    # ---- reading the table -------------------------------------------------------------

    def label(self, event: E) -> str:
        return str(event.label)

    def next_status(self, current: str | None, event: E) -> S:
        """The state `event` leads to from `current`, or `InvalidTransition` saying why not."""
        try:
            key = (self.status(current) if current else None, event)
            return self.transitions[key]
        except (KeyError, ValueError):
            pass
        label = self.status(current).label if current in self.status.values else current
        prefix = f"{self.subject}当前状态" if self.subject else "当前状态"
        raise InvalidTransition(f"{prefix}为“{label}”，不能执行“{event.label}”。")

    def check_guard(self, obj: Any, event: E) -> None:
        """The event's guard, if any: `InvalidTransition` with its reason when it refuses."""
        guard = self.guards.get(event)
        reason = guard(obj) if guard is not None else None
        if reason:
            raise InvalidTransition(reason)

    def check_state(self, obj: Any, event: E) -> S:
        """The table and the event's guard for `obj` (no roles): the state `event` leads to."""
        current = None if obj._state.adding else (getattr(obj, self.field) or None)
        after = self.next_status(current, event)
        self.check_guard(obj, event)
        return after

    def allowed_events(self, current: str | None) -> list[E]:
        """Events the table allows from `current`, in table order."""
        state = current or None
        return [event for (status, event) in self.transitions if status == state]

    def may(self, actor: Actor, obj: Any, event: E) -> bool:
        """Whether `actor`'s roles allow `event` on `obj` (the table is asked separately)."""
        needed = self.roles[event]
        if not needed:
            return actor is None
        return bool(self.roles_of(actor, obj) & needed)

    def check_roles(self, actor: Actor, obj: Any, event: E) -> None:
        needed = self.roles[event]
        if not needed:
            if actor is not None:
                raise PermissionDenied("该操作只能由系统执行。")
            return
        if not self.roles_of(actor, obj) & needed:
            raise PermissionDenied(self.denied)

    def check(self, actor: Actor, obj: Any, event: E) -> None:
        """Both guards, without writing: roles first (403), then the table and its guard."""
        self.check_roles(actor, obj, event)
        self.check_state(obj, event)

    # ---- the one writer ----------------------------------------------------------------

    def lock(self, obj: M) -> M:
        """Re-read `obj` with a row lock (inside the caller's transaction)."""
        manager = type(obj)._default_manager
        related = [f.name for f in obj._meta.concrete_fields if f.is_relation and f.name == "organ"]
        query = manager.select_for_update()
        if related:
            query = query.select_related(*related)
        return query.get(pk=obj.pk)

    def fire(
        self,
        *,
        actor: Actor,
        obj: M,
        event: E,
        comment: str = "",
        data: dict[str, Any] | None = None,
        before_save: Callable[[M], None] | None = None,
        organ_id: int | None = None,
        check_roles: bool = True,
    ) -> M:
        """Move `obj` along the table: the only writer of its status field.

        `before_save` runs after the status is set and before the row is saved (e.g. to
        recompute a due date from the new state). `check_roles=False` is for events whose
        actor is not staff (an applicant confirming through the public page): the caller has
        verified them another way and says so in a comment.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"{self.name}: fire() must run inside transaction.atomic()")
        if check_roles:
            self.check_roles(actor, obj, event)
        # An unsaved record has no state yet, whatever its field's default: `(None, event)`.
        before = None if obj._state.adding else (getattr(obj, self.field) or None)
        after = self.next_status(before, event)
        self.check_guard(obj, event)
        setattr(obj, self.field, after)
        if before_save is not None:
            before_save(obj)
        obj.save()
        if organ_id is None:
            organ_id = getattr(obj, "organ_id", None)
        audit_record(
            actor=actor,
            action=self.actions(f"{self.name}.{event.value}"),
            obj=obj,
            organ_id=organ_id,
            from_state=before or "",
            to_state=after,
            comment=comment,
            data=data,
        )
        pk, model = obj.pk, type(obj)
        actor_id = getattr(actor, "pk", None)
        transaction.on_commit(
            lambda: self.transitioned.send(
                sender=model,
                instance_id=pk,
                event=event,
                from_state=before or "",
                to_state=after,
                actor_id=actor_id,
            )
        )
        return obj
