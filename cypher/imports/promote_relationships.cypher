// name: imports.promote_relationships
// mode: write
// param id: STRING  the import id
// param reason: STRING  why, recorded
// returns: promoted INTEGER
// description: The import's own candidate relationships whose ends are both
//   active (for instance a CONTAINS it proposed between two entities that
//   were already active) become active, each with its ReviewRecord. Found
//   through the import_id index of each relationship type an import writes.
CALL () {
  MATCH (a:Entity)-[r:CONTAINS {import_id: $id}]->(b:Entity) RETURN a, r, b
  UNION ALL
  MATCH (a:Entity)-[r:USES_MATERIAL {import_id: $id}]->(b:Entity) RETURN a, r, b
  UNION ALL
  MATCH (a:Entity)-[r:HAS_PARAMETER {import_id: $id}]->(b:Entity) RETURN a, r, b
  UNION ALL
  MATCH (a:Entity)-[r:ANALYZES {import_id: $id}]->(b:Entity) RETURN a, r, b
  UNION ALL
  MATCH (a:Entity)-[r:PRODUCED {import_id: $id}]->(b:Entity) RETURN a, r, b
  UNION ALL
  MATCH (a:Entity)-[r:SUPPORTS {import_id: $id}]->(b:Entity) RETURN a, r, b
}
WITH a, r, b
WHERE r.status = 'candidate' AND a.status = 'active' AND b.status = 'active'
SET r.status = 'active', r.updated_at = datetime.transaction(), r.reviewed_at = datetime.transaction(),
    r.review_action = 'promote', r.review_reason = $reason
CREATE (:ReviewRecord {
  id: randomUUID(), target_id: r.id, target_kind: 'relationship', project: a.project, action: 'promote',
  reason: $reason, at: datetime.transaction(), from_status: 'candidate', to_status: 'active'
})
RETURN count(r) AS promoted
