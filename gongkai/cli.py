"""The `gongkai` console script: Django's management commands under one name.

`gongkai migrate`, `gongkai demo`, `gongkai db_worker`, … all run here, so operators never
need to know where manage.py lives.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])


if __name__ == "__main__":
    main()
