"""Graph access: the driver's lifecycle, the Cypher catalog and schema migrations."""

from atocore.graph.catalog import Catalog, CypherQuery
from atocore.graph.driver import Graph

__all__ = ["Catalog", "CypherQuery", "Graph"]
