"""The rows of a backup: Django's JSON-lines serialisation, with times to the microsecond.

Django's JSON encoder cuts times to the millisecond, so a restored row would differ from its
original (an audit event's time, a version stamp compared later). This serialiser writes
`datetime.isoformat()` in full; reading is Django's own `jsonl` deserialiser (the archive's
`database.jsonl` loads with plain `loaddata`). Registered as the format "gkjsonl" by
`core/backup.py`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # untyped in django-stubs
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = jsonl.Deserializer
