// name: memories.review
// mode: write
// param id: STRING  memory id
// param from_statuses: LIST<STRING>  the statuses the review applies to
// param to_status: STRING  the status it leads to
// param action: STRING  promote | reject | supersede | invalidate | graduate, recorded as review_action
// param reason: STRING  why, or null; recorded as review_reason
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: target MAP (the Memory after the review), previous STRING (its status before)
// description: A review decision, recorded with reviewed_at and a listable
//   (:ReviewRecord {target_kind: 'memory'})-[:REVIEWED]->(:Memory) taking
//   the same instant. Applied only when the memory is in one of
//   from_statuses; otherwise nothing changes and the caller reads previous
//   to say why. Parameters and row as entities.transition. No row when the
//   id is unknown.
MATCH (m:Memory {id: $id})
// Writing first takes the node's lock, so the status read below is not stale
// and two reviews of one memory cannot both pass the check.
SET m.updated_at = m.updated_at
WITH m, m.status AS previous
FOREACH (_ IN CASE WHEN previous IN $from_statuses THEN [1] ELSE [] END |
  SET m.status = $to_status, m.review_action = $action, m.review_reason = $reason,
      m.reviewed_at = datetime(), m.updated_at = datetime()
  CREATE (:ReviewRecord {
    id: randomUUID(), target_id: m.id, target_kind: 'memory', action: $action, reason: $reason,
    from_status: previous, to_status: $to_status, at: datetime(), created_by: $actor
  })-[:REVIEWED]->(m)
)
RETURN m {.*} AS target, previous
