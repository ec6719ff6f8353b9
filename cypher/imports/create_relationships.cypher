// name: imports.create_relationships
// mode: write
// param import_id: STRING  the import writing them
// param tool: STRING  kb-cad or kb-fem, stored as origin
// param type: STRING  relationship type of every row, already checked against the ontology whitelist and its allowed pairs
// param rows: LIST<MAP>  {from_id, to_id, source_refs} per relationship
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: created INTEGER
// description: Creates a batch of candidate relationships of one type, each
//   with origin and import_id (indexed, so promoting the import finds them).
//   The import has already left out pairs that have a relationship of this
//   type in any status (it read every relationship touching its slots'
//   versions with imports.slot_versions, before writing): a live one is not
//   duplicated, and one a reviewer rejected is not proposed again.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from_id}), (b:Entity {id: row.to_id})
CREATE (a)-[r:$($type) {
  id: randomUUID(), status: 'candidate', source_refs: row.source_refs, origin: $tool, import_id: $import_id,
  created_at: datetime.transaction(), updated_at: datetime.transaction(), created_by: $actor
}]->(b)
RETURN count(r) AS created
