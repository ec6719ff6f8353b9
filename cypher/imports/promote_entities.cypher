// name: imports.promote_entities
// mode: write
// param ids: LIST<STRING>  candidates that revise nothing, hold their slot alone and are in no open conflict
// param reason: STRING  why, recorded
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: promoted LIST<STRING>
// description: candidate -> active for a batch of an import's entities,
//   each with its ReviewRecord (as entities.transition writes one). Entities
//   that are no longer candidates are left alone.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE e.status = 'candidate'
SET e.status = 'active', e.updated_at = datetime.transaction(), e.reviewed_at = datetime.transaction(),
    e.review_action = 'promote', e.review_reason = $reason, e.valid_from = datetime.transaction()
CREATE (:ReviewRecord {
  id: randomUUID(), target_id: e.id, target_kind: 'entity', project: e.project, action: 'promote',
  reason: $reason, at: datetime.transaction(), from_status: 'candidate', to_status: 'active',
  created_by: $actor
})-[:REVIEWED]->(e)
RETURN collect(e.id) AS promoted
