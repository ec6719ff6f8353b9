// name: imports.review_relationships
// mode: write
// param id: STRING  the import id
// param action: STRING  promote or reject
// param reason: STRING  why, recorded
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: reviewed INTEGER
// description: Reviews the import's own candidate relationships. promote:
//   those whose ends are both active (for instance a CONTAINS it proposed
//   between two entities that were already active) become active. reject:
//   every one still a candidate becomes invalid, whatever its ends. Each gets
//   its ReviewRecord. Found through the import_id index of each relationship
//   type an import writes.
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
WITH a, r, b, CASE $action WHEN 'promote' THEN 'active' WHEN 'reject' THEN 'invalid' END AS to_status
WHERE r.status = 'candidate' AND to_status IS NOT NULL
  AND ($action = 'reject' OR (a.status = 'active' AND b.status = 'active'))
SET r.status = to_status, r.updated_at = datetime.transaction(), r.reviewed_at = datetime.transaction(),
    r.review_action = $action, r.review_reason = $reason
CREATE (:ReviewRecord {
  id: randomUUID(), target_id: r.id, target_kind: 'relationship', project: a.project, action: $action,
  reason: $reason, at: datetime.transaction(), from_status: 'candidate', to_status: to_status,
  created_by: $actor
})
RETURN count(r) AS reviewed
