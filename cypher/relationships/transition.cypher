// name: relationships.transition
// mode: write
// param id: STRING  relationship id
// param from_statuses: LIST<STRING>  the statuses the action applies to
// param to_status: STRING  the status it leads to
// param action: STRING  promote | reject, recorded
// param reason: STRING  why, or null
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: target MAP (the relationship after), previous STRING (its status before)
// description: A review of one relationship, with its ReviewRecord
//   {target_kind: 'relationship'}. Applied only from one of from_statuses.
//   Parameters and row as entities.transition. No row when the id is unknown.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.id = $id
SET r.updated_at = r.updated_at
WITH a, r, b, r.status AS previous
FOREACH (_ IN CASE WHEN previous IN $from_statuses THEN [1] ELSE [] END |
  SET r.status = $to_status, r.updated_at = datetime.transaction(), r.reviewed_at = datetime.transaction(),
      r.review_action = $action, r.review_reason = $reason
  CREATE (:ReviewRecord {
    id: randomUUID(), target_id: r.id, target_kind: 'relationship', project: a.project, action: $action,
    reason: $reason, at: datetime.transaction(), from_status: previous, to_status: $to_status,
    created_by: $actor
  })
)
RETURN r {.*, type: type(r), from_id: a.id, to_id: b.id} AS target, previous
