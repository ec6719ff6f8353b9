"""One exception hierarchy for AtoCore.

Every error a user can cause or meet is an ``AtoCoreError`` subclass. Each
class carries the HTTP status the API answers with and the exit code the CLI
ends with; the API maps them in ``atocore.api.errors`` and the CLI in
``atocore.cli.base``, and nowhere else. ``detail`` carries structured fields
(valid values, the file and line, ...) that clients can read.
"""

from __future__ import annotations

from typing import Any


class AtoCoreError(Exception):
    http_status = 500
    exit_code = 1
    code = "atocore_error"

    def __init__(self, message: str, /, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.detail:
            body["detail"] = self.detail
        return body


class ValidationError(AtoCoreError):
    """The request is well-formed but a value is not acceptable."""

    http_status = 422
    exit_code = 2
    code = "invalid_input"


class NotFoundError(AtoCoreError):
    http_status = 404
    exit_code = 3
    code = "not_found"


class ConflictError(AtoCoreError):
    """The request clashes with the current state (a running ingestion, a status)."""

    http_status = 409
    exit_code = 4
    code = "conflict"


class GraphUnavailableError(AtoCoreError):
    """Neo4j cannot be reached or refuses our credentials."""

    http_status = 503
    exit_code = 5
    code = "neo4j_unavailable"


class ConfigurationError(AtoCoreError):
    """Settings or the local installation are wrong; the message says what to change."""

    http_status = 500
    exit_code = 6
    code = "configuration_error"


class SchemaError(ConfigurationError):
    """The graph's schema does not match this AtoCore (migrations, index dimensions)."""

    code = "schema_error"


class CypherFileError(ConfigurationError):
    """A file under cypher/ is malformed. ``str()`` reads ``path:line: problem``."""

    code = "cypher_file_error"

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}", path=path, line=line)
        self.path = path
        self.line = line


class RuntimeSetupError(AtoCoreError):
    """The local Neo4j server could not be installed, started or stopped."""

    http_status = 500
    exit_code = 7
    code = "neo4j_runtime_error"


class AuthenticationError(AtoCoreError):
    """No token, a malformed one, or one AtoCore does not know or has revoked (401, ``WWW-Authenticate: Bearer``)."""

    http_status = 401
    exit_code = 9
    code = "unauthenticated"


class PermissionDeniedError(AtoCoreError):
    """A valid token without the scope the route needs (``detail.required_scope``), or an address not allowed."""

    http_status = 403
    exit_code = 10
    code = "forbidden"


class MisdirectedRequestError(AtoCoreError):
    """The request's Host is not a name this AtoCore answers to (a DNS rebinding attempt, or a missing setting)."""

    http_status = 421
    exit_code = 10
    code = "host_not_allowed"


class ApiUnavailableError(AtoCoreError):
    """The AtoCore API could not be reached (the client's fail-open case)."""

    http_status = 503
    exit_code = 8
    code = "api_unavailable"


class MirrorRegenerationError(AtoCoreError):
    """The Human Mirror of a project could not be regenerated; its existing pages were kept."""

    http_status = 500
    exit_code = 9
    code = "mirror_regeneration_failed"


_BY_STATUS: dict[int, type[AtoCoreError]] = {
    422: ValidationError,
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    413: ValidationError,
    421: MisdirectedRequestError,
    404: NotFoundError,
    409: ConflictError,
    503: GraphUnavailableError,
}


def error_for_status(status: int, message: str, /, **detail: Any) -> AtoCoreError:
    """The AtoCore error an API answer with this HTTP status stands for (used by the client).

    ``status`` and ``message`` are positional-only: an answer's detail may itself
    carry a ``status`` (a 409 names the memory's current status) or a ``message``.
    """
    error = _BY_STATUS.get(status, AtoCoreError)(message, **detail)
    error.http_status = status
    return error
