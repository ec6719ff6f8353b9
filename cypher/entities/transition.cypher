// name: entities.transition
// mode: write
// param id: STRING  entity id
// param from_statuses: LIST<STRING>  the statuses the action applies to
// param to_status: STRING  the status it leads to
// param action: STRING  promote | reject | supersede | retire | revise, recorded
// param reason: STRING  why, or null
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: target MAP (the entity after), previous STRING (its status before)
// description: A lifecycle step with its review record. Applied only when
//   the entity is in one of from_statuses (the caller reads previous to say
//   why not). Becoming active sets valid_from; leaving active sets valid_to,
//   so as-of reads are range checks. Every applied step creates a
//   ReviewRecord {target_kind: 'entity'}
//   linked (:ReviewRecord)-[:REVIEWED]->(:Entity), as memory reviews are.
//   Parameters and row as memories.review and relationships.transition
//   (atocore.services.transitions applies all three). No row when the id
//   is unknown.
MATCH (e:Entity {id: $id})
SET e.updated_at = e.updated_at
WITH e, e.status AS previous
FOREACH (_ IN CASE WHEN previous IN $from_statuses THEN [1] ELSE [] END |
  SET e.status = $to_status,
      e.updated_at = datetime.transaction(),
      e.reviewed_at = datetime.transaction(),
      e.review_action = $action,
      e.review_reason = $reason,
      e.valid_from = CASE WHEN $to_status = 'active' THEN datetime.transaction() ELSE e.valid_from END,
      e.valid_to = CASE WHEN previous = 'active' AND $to_status <> 'active' THEN datetime.transaction() ELSE e.valid_to END,
      e.superseded_at = CASE WHEN $to_status = 'superseded' THEN datetime.transaction() ELSE e.superseded_at END,
      e.retired_at = CASE WHEN $to_status = 'retired' THEN datetime.transaction() ELSE e.retired_at END
  CREATE (:ReviewRecord {
    id: randomUUID(), target_id: e.id, target_kind: 'entity', project: e.project, action: $action,
    reason: $reason, at: datetime.transaction(), from_status: previous, to_status: $to_status,
    created_by: $actor
  })-[:REVIEWED]->(e)
)
RETURN e {.*} AS target, previous
