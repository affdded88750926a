"""`mailaudit lint` and `mailaudit rules` (filled in by the lint work)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    pass
