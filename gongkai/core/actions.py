"""Staff actions as objects: one `check()` decides whether a button shows and whether it runs.

Before this, a view re-derived what the services allowed to decide which buttons to draw, and a
hidden button was the only guard of some POSTs. Now every action a staff page offers is an
`Action` subclass declared once (wagtail's `BaseAction` shape):

    class LetterAction(Action[Application]):
        name = "document"
        label = "生成文书"
        roles = HANDLER_ROLES

        def check(self) -> None:          # raises PermissionDenied / InvalidTransition / …
            super().check()               # the role guard (`roles_of` of the subject)
            ...                           # the rules of this action

        def execute(self, **data) -> Any:  # calls the service, which checks again under lock

A page lists `available(...)` actions (those whose `check()` passes); the POST handler looks
the action up by name, calls `check()` and then `execute()`. A hidden button is never a guard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.actors import Actor
from gongkai.core.fsm import InvalidTransition

T = TypeVar("T")

#: Why an action may not run: the person (403), the state of the record, or a rule.
REFUSALS: tuple[type[Exception], ...] = (PermissionDenied, InvalidTransition, ValidationError)


class Action(Generic[T]):
    """One thing a staff member can do to a record. Subclasses set `name`, `label`, `roles`."""

    #: URL slug of the action (unique within its registry).
    name: ClassVar[str] = ""
    #: Button text.
    label: ClassVar[str] = ""
    #: Roles any of which allows the action (checked by `check()` through `roles_of`).
    roles: ClassVar[frozenset[str]] = frozenset()
    #: Ask the browser to confirm before sending (签发, 撤回 …).
    confirm: ClassVar[str] = ""

    def __init__(
        self, *, actor: Actor, subject: T, roles_of: Callable[[Actor, T], set[str]]
    ) -> None:
        self.actor = actor
        self.subject = subject
        self._roles_of = roles_of

    def check(self) -> None:
        """Raise when the action may not run now. The default checks the role only."""
        if not self._roles_of(self.actor, self.subject) & self.roles:
            raise PermissionDenied("您在该机关没有执行此操作的岗位权限。")

    def allowed(self) -> bool:
        try:
            self.check()
        except REFUSALS:
            return False
        return True

    def execute(self, **data: Any) -> Any:
        raise NotImplementedError

    def run(self, **data: Any) -> Any:
        """`check()` then `execute()`: what a POST handler calls."""
        self.check()
        return self.execute(**data)


class ActionRegistry(Generic[T]):
    """The actions a kind of record offers, looked up by name."""

    def __init__(self, actions: Iterable[type[Action[T]]]) -> None:
        self._by_name: dict[str, type[Action[T]]] = {}
        for action in actions:
            if not action.name or action.name in self._by_name:
                raise ValueError(f"action name missing or repeated: {action.name!r}")
            self._by_name[action.name] = action

    def __iter__(self) -> Any:
        return iter(self._by_name.values())

    def get(self, name: str) -> type[Action[T]] | None:
        return self._by_name.get(name)

    def names(self) -> Sequence[str]:
        return list(self._by_name)

    def available(
        self, *, actor: Actor, subject: T, roles_of: Callable[[Actor, T], set[str]]
    ) -> list[Action[T]]:
        """The actions whose `check()` passes for this actor and record (the buttons)."""
        built = [cls(actor=actor, subject=subject, roles_of=roles_of) for cls in self]
        return [action for action in built if action.allowed()]
