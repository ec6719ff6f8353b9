"""API tokens: named bearer secrets with scopes, kept in Neo4j as hashes.

A token is a name (validated like a project id), one or more scopes and a
secret: ``atc_`` followed by 43 URL-safe characters, 256 random bits. The
secret is shown once, when the token is created; Neo4j keeps only its
SHA-256 (``(:ApiToken {name, hash, scopes, created_at, created_by,
last_used_at, revoked_at, revoked_by})``).

Why a plain SHA-256 and not a password hash (bcrypt, argon2): those are slow
on purpose, to make guessing a low-entropy password from a stolen hash
expensive. A 256-bit random secret cannot be guessed whatever the hash costs,
so a slow hash would only add ~100 ms to every uncached request. A stored
hash is useless to a thief: it cannot be sent in place of the secret.

A request's token is found by its hash (an index seek) and the stored hash is
compared with ``hmac.compare_digest``. Timing can tell an attacker at most
something about the hash of what they sent, which tells nothing about any
real secret.

Scopes: ``read``, ``write``, ``import``, ``admin`` (which route needs which:
``atocore.api.security``). ``admin`` includes the others: an admin can create
itself any token anyway.

Tokens are never deleted: a revoked token keeps its name (names are unique
for good), so ``created_by`` on a review record always names one token.
Several tokens are valid at once, which is how rotation works: create the new
one, move the clients, revoke the old one.

The admin token: on its first start the API creates ``<data dir>/api-token``
(0600) with a new secret and registers it as an admin token
(``ensure_admin_token``); the CLI, the MCP server and the capture hook read
that file when ``ATOCORE_TOKEN`` is unset. A token file the operator names
(``ATOCORE_TOKEN_FILE``, a Docker secret) is registered the same way but never
created. A revoked admin token is not registered again: replace the file.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from enum import StrEnum
from pathlib import Path

from neo4j.exceptions import ConstraintError
from pydantic import BaseModel, Field

from atocore.errors import ConfigurationError, ConflictError, NotFoundError, ValidationError
from atocore.graph.runner import Runner
from atocore.runtime.private import write_private_text
from atocore.services.common import Timestamp
from atocore.services.projects import ID_PATTERN

log = logging.getLogger("atocore.security")

SECRET_PREFIX = "atc_"
MIN_SECRET_CHARS = 32  # a secret an operator brings (a Docker secret) must be at least this long
MAX_SECRET_CHARS = 256
_SECRET_SHAPE = re.compile(rf"^[\x21-\x7e]{{{MIN_SECRET_CHARS},{MAX_SECRET_CHARS}}}$")  # printable ASCII, no space
ADMIN_TOKEN_NAME = "admin"


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"
    IMPORT = "import"
    ADMIN = "admin"


class ApiToken(BaseModel):
    """A token as listed: everything but its secret and its hash."""

    name: str
    scopes: list[Scope]
    created_at: Timestamp
    created_by: str | None = Field(None, description="The token that created this one (null: the server itself).")
    last_used_at: Timestamp | None = Field(None, description="Updated at most once a minute.")
    revoked_at: Timestamp | None = None
    revoked_by: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: Scope) -> bool:
        return scope in self.scopes or Scope.ADMIN in self.scopes


class IssuedToken(ApiToken):
    secret: str = Field(description="The token's secret, shown this once: AtoCore keeps only its hash.")


# -- secrets -----------------------------------------------------------------
def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """Hex SHA-256 of a secret: what Neo4j stores and looks tokens up by."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def well_formed(secret: str) -> bool:
    """Printable ASCII without spaces, MIN_SECRET_CHARS..MAX_SECRET_CHARS long."""
    return bool(_SECRET_SHAPE.match(secret))


def check_name(name: str) -> str:
    cleaned = (name or "").strip()
    if not re.match(ID_PATTERN, cleaned):
        raise ValidationError(
            f"token name {name!r} is not valid: letters, digits, '.', '_' and '-', starting with a letter or "
            "digit, at most 64 characters",
            field="name",
            value=name,
            pattern=ID_PATTERN,
        )
    return cleaned


def check_scopes(scopes: list[str]) -> list[Scope]:
    valid = [s.value for s in Scope]
    wanted = [str(s).strip().lower() for s in scopes]
    unknown = [s for s in wanted if s not in valid]
    if not wanted or unknown:
        raise ValidationError(
            f"scopes {unknown or wanted!r} are not valid; give at least one of: {', '.join(valid)}",
            field="scopes",
            value=scopes,
            valid=valid,
        )
    return [Scope(s) for s in dict.fromkeys(wanted)]


# -- the graph ------------------------------------------------------------------
def create_token(run: Runner, name: str, scopes: list[str], *, secret: str | None = None) -> IssuedToken:
    """A new token; its secret is in the answer and nowhere else. 409 when the name was ever used."""
    name, granted = check_name(name), check_scopes(scopes)
    if run.run("tokens.by_name", token_name=name):
        raise ConflictError(
            f"a token named {name!r} exists already (revoked tokens keep their names); choose another name",
            name=name,
        )
    secret = secret or new_secret()
    try:
        row = run.run("tokens.create", token_name=name, hash=digest(secret), scopes=[s.value for s in granted])[0]
    except ConstraintError as exc:
        raise ConflictError(f"a token named {name!r}, or with this secret, exists already", name=name) from exc
    log.info("token %r created with scopes %s", name, ",".join(granted))
    return IssuedToken(**row["token"], secret=secret)


def find_token(run: Runner, secret: str) -> ApiToken | None:
    """The token ``secret`` stands for (revoked or not), or None."""
    wanted = digest(secret)
    rows = run.run("tokens.by_hash", hash=wanted)
    if not rows or not hmac.compare_digest(rows[0]["token"]["hash"], wanted):
        return None
    return ApiToken.model_validate(rows[0]["token"])


def list_tokens(run: Runner, *, include_revoked: bool = False) -> list[ApiToken]:
    return [ApiToken.model_validate(r["token"]) for r in run.run("tokens.list", include_revoked=include_revoked)]


def revoke_token(run: Runner, name: str) -> ApiToken:
    """Revoke a token for good (it keeps its name); revoking a revoked token changes nothing."""
    rows = run.run("tokens.revoke", token_name=name)
    if not rows:
        raise NotFoundError(f"no token named {name!r}", name=name)
    if not rows[0]["previously_revoked"]:
        log.info("token %r revoked", name)
    return ApiToken.model_validate(rows[0]["token"])


def touch(run: Runner, name: str) -> None:
    run.run("tokens.touch", token_name=name)


# -- the admin token file ---------------------------------------------------------
def read_token_file(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigurationError(f"cannot read the token file {path}: {exc}", path=str(path)) from exc


def ensure_admin_token(run: Runner, path: Path, *, may_create: bool) -> str:
    """Make the secret in ``path`` an admin token (creating file and secret when allowed); what happened, in words.

    Idempotent: a secret already registered (active or revoked) is left as it
    is. The file is written before the hash is stored, so a crash in between
    leaves a file the next start registers, never a token nobody has.
    """
    secret = read_token_file(path)
    if secret is None:
        if not may_create:
            raise ConfigurationError(
                f"the token file {path} (ATOCORE_TOKEN_FILE) does not exist or is empty; put a secret of at least "
                f"{MIN_SECRET_CHARS} characters there, e.g. `python -c 'import secrets; "
                f'print("atc_" + secrets.token_urlsafe(32))\' > {path}`',
                path=str(path),
            )
        secret = new_secret()
        write_private_text(path, secret + "\n")
    if not well_formed(secret):
        raise ConfigurationError(
            f"the token in {path} is not usable: it must be {MIN_SECRET_CHARS} to {MAX_SECRET_CHARS} printable "
            "characters without spaces",
            path=str(path),
        )
    known = find_token(run, secret)
    if known is not None:
        if not known.active:
            log.warning("the admin token in %s (%r) was revoked; replace the file to get a new one", path, known.name)
            return f"the token in {path} ({known.name}) is revoked"
        return f"admin token {known.name!r} in {path}"
    for attempt in range(1, 100):
        name = ADMIN_TOKEN_NAME if attempt == 1 else f"{ADMIN_TOKEN_NAME}-{attempt}"
        try:
            create_token(run, name, [Scope.ADMIN], secret=secret)
            return f"admin token {name!r} created in {path}"
        except ConflictError:
            if find_token(run, secret) is not None:  # another process registered it meanwhile
                return f"admin token in {path}"
    raise ConfigurationError("could not find a free name for the admin token (admin-2 .. admin-99 are taken)")
