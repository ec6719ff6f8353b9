"""Graph access: the driver's lifecycle, the Cypher catalog and schema migrations."""

from atocore.graph.catalog import Catalog, CypherQuery
from atocore.graph.driver import Graph, close_graph, get_graph

__all__ = ["Catalog", "CypherQuery", "Graph", "close_graph", "get_graph"]
