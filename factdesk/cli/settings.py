"""`factdesk settings`."""

from __future__ import annotations

import click

from factdesk.cli.options import json_option, print_json


@click.command("settings")
@json_option
def settings_cmd(as_json: bool) -> None:
    """Show every setting: its environment variable, current value and meaning."""
    from factdesk.settings import SETTINGS

    rows = [{"name": s.name, "env": s.env, "value": s.value(), "default": s.default, "help": s.help}
            for s in SETTINGS.values()]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        click.echo(f"{row['env']:<24} {row['value'] or '(default)':<20} {row['help']}")
