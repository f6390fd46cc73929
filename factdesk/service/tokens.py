"""API tokens: `factdesk tokens create|list|revoke`. Writes need one as soon as any token exists.

A token reads `fdk_<id>_<secret>`; only its SHA-256 is stored (the token is shown once, at creation).
SHA-256 without salt is enough here: a token carries 256 random bits, so there is nothing to guess.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from pydantic import BaseModel
from sqlalchemy import insert, or_, select, update

from factdesk.errors import InputError, NotFoundError
from factdesk.service.db import ServiceStore, now, utc
from factdesk.store.schema import tokens

PREFIX = "fdk_"


class TokenInfo(BaseModel):
    id: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(store: ServiceStore, name: str) -> tuple[TokenInfo, str]:
    """A new token named `name`: its record and the token itself (not stored; show it once)."""
    name = name.strip()
    if not name:
        raise InputError("a token needs a name (who or what uses it)")
    token_id = secrets.token_hex(4)
    token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    info = TokenInfo(id=token_id, name=name, created_at=now().replace(microsecond=0))
    with store.tx(write=True, action="create a token in") as conn:
        conn.execute(insert(tokens).values(id=info.id, name=info.name, hash=_hash(token), created_at=info.created_at))
    return info, token


def all_tokens(store: ServiceStore) -> list[TokenInfo]:
    with store.tx() as conn:
        rows = conn.execute(select(tokens).order_by(tokens.c.created_at, tokens.c.id)).all()
    return [TokenInfo(id=r.id, name=r.name, created_at=utc(r.created_at), last_used_at=utc(r.last_used_at),
                      revoked_at=utc(r.revoked_at)) for r in rows]


def revoke(store: ServiceStore, id_or_name: str) -> int:
    """Revoke the token with this id, or every token with this name; returns how many."""
    with store.tx(write=True, action="revoke a token in") as conn:
        revoked = conn.execute(
            update(tokens).where(or_(tokens.c.id == id_or_name, tokens.c.name == id_or_name),
                                 tokens.c.revoked_at.is_(None)).values(revoked_at=now())
        ).rowcount
    if not revoked:
        raise NotFoundError(f"no active token with id or name {id_or_name!r} (see `factdesk tokens list`)")
    return revoked


def required(store: ServiceStore) -> bool:
    """Writes need a token when at least one active token exists."""
    with store.tx() as conn:
        return conn.execute(select(tokens.c.id).where(tokens.c.revoked_at.is_(None)).limit(1)).first() is not None


def verify(store: ServiceStore, token: str) -> TokenInfo | None:
    """The active token's record, or None; records when it was last used."""
    if not token.startswith(PREFIX):
        return None
    digest = _hash(token)
    with store.tx() as conn:
        row = conn.execute(select(tokens).where(tokens.c.hash == digest, tokens.c.revoked_at.is_(None))).first()
    if row is None:
        return None
    moment = now()
    last = utc(row.last_used_at)
    if last is None or moment - last > dt.timedelta(minutes=1):  # one write a minute per token, not per request
        with store.tx(write=True, action="record token use in") as conn:
            conn.execute(update(tokens).where(tokens.c.id == row.id).values(last_used_at=moment))
    return TokenInfo(id=row.id, name=row.name, created_at=utc(row.created_at), last_used_at=moment)
