"""The Neo4j driver's lifecycle and the one way AtoCore runs Cypher.

``Graph`` owns a single ``neo4j.Driver`` per process and runs catalog queries
by name: reads with READ routing (so the same code works against a cluster
or Aura), writes with WRITE routing, always naming the database. An error the
server raises for a statement gains a note naming the ``.cypher`` file and
line the statement came from.

Failures are translated in one place (``_translated_errors``): "Neo4j is not
there" becomes ``GraphUnavailableError`` (503), a uniqueness constraint
refusing a write becomes ``ConflictError`` (409), a transient failure left
after the retries (a deadlock in an explicit transaction) a ``ConflictError``
that says to retry, and Neo4j refusing a value (an arithmetic overflow, a
date out of range) a ``ValidationError`` (422). A read that met a node deleted
by a write committed meanwhile (EntityNotFound) is run again.

Retries are AtoCore's, not the driver's (its retry time is 0): a transient
error (deadlock, lock timeout) is retried with a short backoff for up to
``ATOCORE_NEO4J_RETRY_TIME_S``, but an unreachable server only once and at
once (a pooled connection the server closed), so a request answers 503
within about the connect timeout (``ATOCORE_NEO4J_CONNECT_TIMEOUT_S``)
instead of retrying for seconds. When Neo4j is back, the next request
connects as usual.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from atocore.config import Settings
from atocore.errors import ConfigurationError, ConflictError, GraphUnavailableError, ValidationError
from atocore.graph.audit import with_actor
from atocore.graph.catalog import Catalog, CypherQuery
from atocore.graph.gate import WriteGate

T = TypeVar("T")
_UNAVAILABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    ConnectionError,
    OSError,
)
_SERVER_POSITION = re.compile(r"\(line (?P<line>\d+), column \d+")
_LOST = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired)
# Neo4j refusing a value the query computed with (not a bug in the query): a 422.
_REFUSED_VALUES = (
    "Neo.ClientError.Statement.ArithmeticError",
    "Neo.ClientError.Statement.ArgumentError",
    "Neo.ClientError.Statement.InvalidArgument",
)
ENTITY_GONE = "Neo.ClientError.Statement.EntityNotFound"
RECONNECT_WITHIN_S = 0.25  # a lost connection is retried once only when it failed this fast (a stale pooled one)
FIRST_BACKOFF_S = 0.02
# Errors that mean the database under the driver changed (an offline load, a
# restore from a dump): the bookmarks the driver keeps point past it, so every
# query would wait for a transaction that will never come. Forgetting them heals it.
_STALE_STATE = frozenset(
    {
        "Neo.TransientError.Transaction.BookmarkTimeout",
        "Neo.ClientError.Transaction.InvalidBookmark",
        "Neo.ClientError.Transaction.InvalidBookmarkMixture",
        "Neo.TransientError.Database.DatabaseUnavailable",
    }
)


def _unavailable(settings: Settings, exc: Exception) -> GraphUnavailableError:
    return GraphUnavailableError(
        f"Neo4j at {settings.neo4j_uri} is not reachable ({type(exc).__name__}: {exc}). "
        "Check that the server is running (`atocore neo4j status`) and that "
        "ATOCORE_NEO4J_URI points at it.",
        uri=settings.neo4j_uri,
    )


def _auth_failed(settings: Settings) -> GraphUnavailableError:
    return GraphUnavailableError(
        f"Neo4j at {settings.neo4j_uri} rejected user {settings.neo4j_user!r}. Set "
        "ATOCORE_NEO4J_PASSWORD, or for the local server check the password file "
        f"{settings.neo4j_password_file}.",
        uri=settings.neo4j_uri,
    )


def origin(query: CypherQuery, statement: int = 0, message: str = "") -> str:
    """Where a statement of ``query`` lives, ``cypher/<path>.cypher:<line>``; the exact line when the server's
    ``message`` gives a position ("line 3, column 5") within the statement."""
    line = query.statement_lines[statement]
    position = _SERVER_POSITION.search(message)
    if position:
        line += int(position.group("line")) - 1
    return f"{query.source}:{line}"


@contextmanager
def _original_failure() -> Iterator[None]:
    """The server's error, not the driver's ResultFailedError that can replace it.

    When a statement fails (a uniqueness constraint refusing a concurrent
    write), the driver's rollback of execute_query's transaction may raise
    ResultFailedError "The result has failed" with the server's error as its
    cause; unwrapped, the error is translated as the server's (a 409) instead
    of escaping as a 500.
    """
    try:
        yield
    except neo4j_errors.ResultFailedError as exc:
        cause: BaseException | None = exc
        while cause is not None and not isinstance(cause, neo4j_errors.Neo4jError):
            cause = cause.__cause__ or cause.__context__
        if cause is None:
            raise
        raise cause from None


@contextmanager
def _located(query: CypherQuery, statement: int = 0) -> Iterator[None]:
    """A statement the server refuses raises the driver's own error, with a note naming its file and line.

    Transient errors (retried by the driver, or by the caller) pass untouched.
    """
    try:
        yield
    except neo4j_errors.TransientError:
        raise
    except neo4j_errors.Neo4jError as exc:
        exc.add_note(f"Cypher {query.name} at {origin(query, statement, exc.message or '')}")
        raise


class Graph:
    """Runs catalog queries against one Neo4j database."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None) -> None:
        self.settings = settings
        self.catalog = catalog or Catalog(settings.cypher_dir)
        self.database = settings.neo4j_database
        password = settings.resolved_neo4j_password()
        if password is None:
            raise ConfigurationError(
                "No Neo4j password: set ATOCORE_NEO4J_PASSWORD, or run `atocore neo4j install` "
                f"which writes {settings.neo4j_password_file}."
            )
        self.driver: neo4j.Driver = GraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, password),
            connection_timeout=settings.neo4j_connect_timeout_s,
            connection_acquisition_timeout=max(10.0, settings.neo4j_connect_timeout_s * 2),
            max_transaction_retry_time=0,  # retried by _retrying, which gives up at once on an unreachable server
            notifications_min_severity=settings.neo4j_notifications_min_severity,
        )
        self._bookmarks = GraphDatabase.bookmark_manager()
        self.write_gate = WriteGate(settings.backup_write_wait_s)

    def reset_state(self) -> None:
        """Forget the bookmarks the driver keeps: the next query does not wait for a past the database lost."""
        self._bookmarks = GraphDatabase.bookmark_manager()

    @contextmanager
    def _healing(self) -> Iterator[None]:
        """Resets the driver's state on an error that says the database was replaced underneath it."""
        try:
            yield
        except neo4j_errors.Neo4jError as exc:
            if exc.code in _STALE_STATE:
                self.reset_state()
                raise GraphUnavailableError(
                    f"Neo4j's database {self.database!r} was replaced underneath this process ({exc.code}); "
                    "the driver's state was reset and the next request will succeed.",
                    uri=self.settings.neo4j_uri,
                ) from exc
            raise

    def _fresh(self, work: Callable[[], T]) -> T:
        """``work()``, once more after forgetting the driver's state if the database was replaced underneath it."""
        try:
            return work()
        except neo4j_errors.Neo4jError as exc:
            if exc.code not in _STALE_STATE:
                raise
            self.reset_state()
        with self._healing():
            return work()

    def close(self) -> None:
        self.driver.close()

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        """The driver's failures as AtoCore errors (see the module docstring)."""
        try:
            yield
        except neo4j_errors.AuthError as exc:
            raise _auth_failed(self.settings) from exc
        except neo4j_errors.ConstraintError as exc:
            raise ConflictError(
                "Another write claimed the same name or key at the same time; read the current state and retry.",
                neo4j_code=exc.code,
            ) from exc
        except neo4j_errors.TransientError as exc:
            raise ConflictError(
                "A concurrent write held the same data; nothing was changed, retry the request.",
                retryable=True,
                neo4j_code=exc.code,
            ) from exc
        except neo4j_errors.ClientError as exc:
            if exc.code in _REFUSED_VALUES:
                raise ValidationError(f"Neo4j refused a value: {exc.message}", neo4j_code=exc.code) from exc
            raise
        except _UNAVAILABLE as exc:
            raise _unavailable(self.settings, exc) from exc

    def _retrying(self, work: Callable[[], T]) -> T:
        """``work()``, again after a transient error (backoff, up to the retry time) or a stale connection (once)."""
        start = time.monotonic()
        deadline = start + self.settings.neo4j_retry_time_s
        delay, reconnected = FIRST_BACKOFF_S, False
        while True:
            attempt = time.monotonic()
            try:
                return work()
            except neo4j_errors.TransientError as exc:
                if not exc.is_retryable() or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
            except _LOST:
                if reconnected or time.monotonic() - attempt > RECONNECT_WITHIN_S:
                    raise
                reconnected = True
            except neo4j_errors.ClientError as exc:
                # A node an index returned was deleted by a write that committed meanwhile (a refresh
                # replacing a project's chunks while /query reads them): reading it again sees the new state.
                if exc.code != ENTITY_GONE or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    # -- checks ----------------------------------------------------------------
    def verify(self) -> None:
        with self._translated_errors():
            self.driver.verify_connectivity()

    # -- running queries --------------------------------------------------------
    def _check_params(self, query: CypherQuery, params: Mapping[str, Any]) -> None:
        given, declared = set(params), set(query.param_names)
        if given != declared:
            missing, extra = sorted(declared - given), sorted(given - declared)
            raise TypeError(f"{query.name} ({query.path}): missing params {missing}, unexpected params {extra}")

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the single-statement catalog query ``name``; rows as dicts."""
        query = self.catalog[name]
        if query.mode == "schema":
            raise TypeError(f"{name} is a schema file: use run_schema()")
        params = with_actor(query.param_names, params)
        self._check_params(query, params)
        routing = RoutingControl.READ if query.mode == "read" else RoutingControl.WRITE

        def once() -> list[dict[str, Any]]:
            with _original_failure():
                records, _, _ = self.driver.execute_query(
                    query.text, params, database_=self.database, routing_=routing, bookmark_manager_=self._bookmarks
                )
            return [record.data() for record in records]

        gate = nullcontext() if query.mode == "read" else self.write_gate.shared()
        with gate, self._translated_errors(), _located(query):
            return self._retrying(lambda: self._fresh(once))

    def run_read(
        self, query: CypherQuery, params: Mapping[str, Any], *, profile: str = ""
    ) -> tuple[list[dict[str, Any]], Any]:
        """Run a read-only query in a read (auto-commit) transaction with READ routing; rows and the result summary.

        Used by the engineering query catalog. Anything but a ``mode: read``
        query is refused before it reaches Neo4j, and a read transaction
        refuses writes on the server side too. Notifications (an unknown
        label in an empty graph, ...) are not logged: a catalog query runs
        the same on a graph that has no such data yet. ``profile`` may be
        ``EXPLAIN`` or ``PROFILE`` to get the plan in the summary.
        """
        if query.mode != "read":
            raise ConfigurationError(
                f"{query.path}: {query.name} is a {query.mode} query; only read queries run here", path=str(query.path)
            )
        if profile not in ("", "EXPLAIN", "PROFILE"):
            raise ValueError(f"profile must be '', 'EXPLAIN' or 'PROFILE', not {profile!r}")
        self._check_params(query, params)
        text = f"{profile} {query.text}" if profile else query.text

        def read() -> tuple[list[dict[str, Any]], Any]:
            with self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                notifications_min_severity="OFF",
                fetch_size=-1,  # a catalog answer is read whole: one PULL, not one per 1,000 records
            ) as session:
                # An auto-commit transaction in a READ session: routed to a reader, and the
                # server refuses writes in it ("Writing in read access mode not allowed").
                # A managed transaction (execute_read) cost ~1.2 ms more per call for its
                # BEGIN/COMMIT round trips; a catalog read is one statement and needs neither.
                result = session.run(text, dict(params))
                keys = result.keys()
                # dict(zip(...)) rather than record.data(): catalog rows hold plain values
                # (maps and lists, no nodes), and data()'s recursive walk cost more than the query
                rows = [dict(zip(keys, record.values(), strict=True)) for record in result]
                return rows, result.consume()

        with self._translated_errors(), _located(query):
            return self._retrying(lambda: self._fresh(read))

    def run_schema(self, name: str, **params: Any) -> None:
        """Run every statement of a schema file, each in its own transaction."""
        query = self.catalog[name]
        self._check_params(query, params)
        with (
            self.write_gate.shared(),
            self._translated_errors(),
            self._healing(),
            self.driver.session(database=self.database) as session,
        ):
            for index, statement in enumerate(query.statements):
                used = {k: v for k, v in params.items() if f"${k}" in statement}
                with _located(query, index):
                    session.run(statement, used).consume()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One explicit write transaction for several catalog queries."""
        with (
            self.write_gate.shared(),
            self._translated_errors(),
            self._healing(),
            self.driver.session(database=self.database) as session,
            session.begin_transaction() as tx,
        ):
            yield Transaction(self, tx)
            tx.commit()

    @contextmanager
    def snapshot_read(self, marker: str = "graph.marker") -> Iterator[SnapshotRead]:
        """One read transaction for several streamed catalog queries, and whether it saw one state.

        Neo4j Community isolates reads as read-committed: a write committed while
        the transaction reads may be half seen. The bookmark of a trivial read
        just before and the one of this transaction's commit name the last
        committed transaction; when they are equal, nothing committed while it
        read, and ``snapshot.consistent`` is true.
        """
        with (
            self._translated_errors(),
            self._healing(),
            self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS, fetch_size=2000
            ) as session,
        ):
            session.run(self.catalog[marker].text).consume()
            before = session.last_bookmarks().raw_values
            snapshot = SnapshotRead(self, session.begin_transaction())
            try:
                yield snapshot
                snapshot.tx.commit()
            finally:
                snapshot.tx.close()
            snapshot.consistent = session.last_bookmarks().raw_values == before


class Transaction:
    def __init__(self, graph: Graph, tx: neo4j.Transaction) -> None:
        self._graph = graph
        self._tx = tx

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        query = self._graph.catalog[name]
        params = with_actor(query.param_names, params)
        self._graph._check_params(query, params)
        with _located(query):
            return [record.data() for record in self._tx.run(query.text, params)]


class SnapshotRead:
    def __init__(self, graph: Graph, tx: neo4j.Transaction) -> None:
        self._graph = graph
        self.tx = tx
        self.consistent = False

    def stream(self, name: str, **params: Any) -> Iterator[list[Any]]:
        """The rows of a read catalog query as value lists, as they arrive."""
        query = self._graph.catalog[name]
        if query.mode != "read":
            raise ConfigurationError(f"{name} is not a read query", path=str(query.path))
        self._graph._check_params(query, params)
        for record in self.tx.run(query.text, params):
            yield record.values()
