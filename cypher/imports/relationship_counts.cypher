// name: imports.relationship_counts
// mode: read
// param id: STRING  the import id
// returns: status STRING, count INTEGER
// description: The import's relationships counted by status (candidate,
//   active, invalid), through the import_id index of each relationship type
//   an import writes.
CALL () {
  MATCH ()-[r:CONTAINS {import_id: $id}]->() RETURN r
  UNION ALL
  MATCH ()-[r:USES_MATERIAL {import_id: $id}]->() RETURN r
  UNION ALL
  MATCH ()-[r:HAS_PARAMETER {import_id: $id}]->() RETURN r
  UNION ALL
  MATCH ()-[r:ANALYZES {import_id: $id}]->() RETURN r
  UNION ALL
  MATCH ()-[r:PRODUCED {import_id: $id}]->() RETURN r
  UNION ALL
  MATCH ()-[r:SUPPORTS {import_id: $id}]->() RETURN r
}
RETURN r.status AS status, count(r) AS count
ORDER BY status
