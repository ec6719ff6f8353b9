// name: relationships.create
// mode: write
// param id: STRING  the new relationship's id (a uuid)
// param type: STRING  relationship type, already checked against the ontology whitelist and its allowed pairs
// param from_id: STRING  source entity id
// param to_id: STRING  target entity id
// param status: STRING  active (a person) or candidate (imports, extraction)
// param source_refs: LIST<STRING>  provenance as 'chunk:<id>', 'interaction:<id>' or 'artifact:<uri>'
// param properties: MAP  extra scalar properties
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: relationship MAP (its properties plus type, from_id, to_id)
// description: Creates one typed relationship between two entities (a
//   dynamic type: the service only passes whitelisted types). No row when an
//   endpoint is missing.
MATCH (a:Entity {id: $from_id}), (b:Entity {id: $to_id})
CREATE (a)-[r:$($type) {
  id: $id, status: $status, source_refs: $source_refs,
  created_at: datetime.transaction(), updated_at: datetime.transaction(), created_by: $actor
}]->(b)
SET r += $properties
RETURN r {.*, type: type(r), from_id: a.id, to_id: b.id} AS relationship
