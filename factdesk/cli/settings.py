"""`factdesk settings`."""

from __future__ import annotations

import click

from factdesk.cli.options import json_option, print_json


@click.command("settings")
@json_option
def settings_cmd(as_json: bool) -> None:
    """Show every setting: its environment variable, the value in effect (paths resolved) and meaning."""
    import os

    from factdesk.settings import SETTINGS, resolved

    rows = [{"name": s.name, "env": s.env, "value": s.value(), "resolved": _masked(resolved(s.name)),
             "default": s.default, "set": bool(os.environ.get(s.env)), "help": s.help} for s in SETTINGS.values()]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        shown = row["resolved"] + ("" if row["set"] else " (default)")
        click.echo(f"{row['env']:<24} {shown}\n{'':<24} {row['help']}")


def _masked(value: str) -> str:
    """A database URL's password is never printed."""
    if "://" not in value or "@" not in value:
        return value
    from sqlalchemy.engine import make_url

    try:
        return make_url(value).render_as_string(hide_password=True)
    except Exception:  # not a URL after all: shown as it is
        return value
