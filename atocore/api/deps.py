"""Dependencies routes declare in their signatures.

``ServicesDep`` is what a route that reads or writes the graph takes: it
guarantees the schema is migrated before the route runs (once per process,
retried on the next request while Neo4j is down, which then answers 503), so
no service has to check it. ``LocalServicesDep`` is for the few routes that
never reach Neo4j (the catalog listing, templates, export schemas, the last
context pack) and for ``/health``, which reports the schema state itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from atocore.services.runtime import Services


def local_services(request: Request) -> Services:
    return request.app.state.services


def ready_services(services: Annotated[Services, Depends(local_services)]) -> Services:
    services.ensure_schema()
    return services


ServicesDep = Annotated[Services, Depends(ready_services)]
LocalServicesDep = Annotated[Services, Depends(local_services)]
