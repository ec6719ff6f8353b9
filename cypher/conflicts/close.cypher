// name: conflicts.close
// mode: write
// param id: STRING  conflict id
// param status: STRING  resolved or dismissed
// param resolution: STRING  supersede_others | dismiss | no_action | members_gone
// param winner_id: STRING  the member that won (supersede_others), or null
// param note: STRING  the reviewer's note, or null
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: conflict MAP (after), previous STRING (its status before)
// description: Closes an open conflict with its ReviewRecord
//   {target_kind: 'conflict', action: 'resolve'}. Applied only while open.
MATCH (c:Conflict {id: $id})
SET c.status = c.status
WITH c, c.status AS previous
FOREACH (_ IN CASE WHEN previous = 'open' THEN [1] ELSE [] END |
  SET c.status = $status, c.resolution = $resolution, c.winner_id = $winner_id, c.note = $note,
      c.resolved_at = datetime.transaction()
  CREATE (:ReviewRecord {
    id: randomUUID(), target_id: c.id, target_kind: 'conflict', project: c.project, action: 'resolve',
    reason: coalesce($note, $resolution), at: datetime.transaction(), from_status: previous, to_status: $status,
    created_by: $actor
  })-[:REVIEWED]->(c)
)
RETURN c {.*} AS conflict, previous
