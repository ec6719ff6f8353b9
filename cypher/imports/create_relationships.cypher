// name: imports.create_relationships
// mode: write
// param import_id: STRING  the import writing them
// param tool: STRING  kb-cad or kb-fem, stored as origin
// param type: STRING  relationship type of every row, already checked against the ontology whitelist and its allowed pairs
// param rows: LIST<MAP>  {from_id, to_id, source_refs} per relationship
// returns: created INTEGER
// description: Creates a batch of candidate relationships of one type, each
//   with origin and import_id (indexed, so promoting the import finds them).
//   A pair that already has a relationship of this type, in any status, is
//   left alone: a live one is not duplicated and one a reviewer rejected is
//   not proposed again.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id}), (b:Entity {id: row.to_id})
WHERE NOT EXISTS { MATCH (a)-[x]->(b) WHERE type(x) = $type AND x.id IS NOT NULL }
CREATE (a)-[r:$($type) {
  id: randomUUID(), status: 'candidate', source_refs: row.source_refs, origin: $tool, import_id: $import_id,
  created_at: datetime.transaction(), updated_at: datetime.transaction()
}]->(b)
RETURN count(r) AS created
