"""The `gongkai` console script: Django's management commands under one name.

`gongkai migrate`, `gongkai demo`, `gongkai db_worker`, … all run here, so operators never
need to know where manage.py lives.
"""

from __future__ import annotations

import os
import sys

#: Analysis commands that read a file or a site and print a verdict: they sign nothing (no
#: session, no token, no password reset), so the secret key is never used and a 公开办 officer
#: can run them on a laptop without configuring one. Every other command still requires
#: GONGKAI_SECRET_KEY (or the explicit development switch), as the settings say.
OFFLINE_COMMANDS = {
    ("monitor", "check-page"),
    ("monitor", "scan"),
    ("report", "parse"),
    ("report", "lint"),
}


def _offline(argv: list[str]) -> bool:
    return tuple(argv[1:3]) in OFFLINE_COMMANDS


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if _offline(sys.argv) and not os.environ.get("GONGKAI_SECRET_KEY"):
        os.environ.setdefault("GONGKAI_ALLOW_DEV_SECRET", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])


if __name__ == "__main__":
    main()
