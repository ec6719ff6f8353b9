// name: testing.future_kind
// mode: write
// param id: STRING  id of the new node
// returns: id STRING
// description: A node of a kind no migration or ontology names yet, linked
//   to every Project by a relationship type nobody writes: a backup must
//   carry them like any other.
MATCH (p:Project)
CREATE (f:FutureKind {id: $id, measured: [1.5, 2.25], at: datetime('2026-01-02T03:04:05.123456789+01:00'), tags: ['a', 'b']})
CREATE (f)-[:FUTURE_LINK {weight: 0.5}]->(p)
RETURN DISTINCT f.id AS id
