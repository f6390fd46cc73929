"""`factdesk tokens create|list|revoke`: API tokens for `factdesk serve`."""

from __future__ import annotations

import click

from factdesk.cli.options import db_option, json_option, print_json


@click.group()
def tokens() -> None:
    """API tokens. Once one exists, the server's write endpoints require `Authorization: Bearer TOKEN`."""


@tokens.command("create")
@click.argument("name")
@db_option
def create(name: str, db: str | None) -> None:
    """Create a token named NAME and print it (only once: just its hash is stored)."""
    from factdesk.service import tokens as service_tokens
    from factdesk.service.db import ServiceStore

    with ServiceStore(db) as store:
        info, token = service_tokens.create(store, name)
    click.echo(f"created token {info.id} ({info.name}); store it now, it is not shown again:", err=True)
    click.echo(token)


@tokens.command("list")
@json_option
@db_option
def list_cmd(as_json: bool, db: str | None) -> None:
    """List tokens (ids and names, never the tokens)."""
    from factdesk.service import tokens as service_tokens
    from factdesk.service.db import ServiceStore

    with ServiceStore(db) as store:
        rows = service_tokens.all_tokens(store)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    if not rows:
        click.echo("no tokens: the server accepts writes without one")
    for row in rows:
        state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
        used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
        click.echo(f"{row.id}  {row.name:<20} created {row.created_at:%Y-%m-%d %H:%M}  last used {used}  {state}")


@tokens.command("revoke")
@click.argument("id_or_name")
@db_option
def revoke(id_or_name: str, db: str | None) -> None:
    """Revoke the token with this id, or every token with this name."""
    from factdesk.service import tokens as service_tokens
    from factdesk.service.db import ServiceStore

    with ServiceStore(db) as store:
        count = service_tokens.revoke(store, id_or_name)
    click.echo(f"revoked {count} token(s)")
