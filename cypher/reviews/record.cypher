// name: reviews.record
// mode: write
// param id: STRING  the record's id (a uuid)
// param target_id: STRING  the reviewed memory's id
// param target_kind: STRING  what was reviewed: memory
// param action: STRING  promote | reject | supersede | invalidate | graduate
// param reason: STRING  why, or null
// param from_status: STRING  the status before the review
// param to_status: STRING  the status after it
// returns: review MAP (the ReviewRecord's properties)
// description: Keeps a listable record of one applied review, linked
//   (:ReviewRecord)-[:REVIEWED]->(:Memory). Runs in the review's own
//   transaction, after memories.review applied it, and takes its time from
//   the memory's reviewed_at so both say the same instant.
MATCH (m:Memory {id: $target_id})
CREATE (r:ReviewRecord {
  id: $id, target_id: $target_id, target_kind: $target_kind, action: $action, reason: $reason,
  from_status: $from_status, to_status: $to_status, at: coalesce(m.reviewed_at, datetime())
})
CREATE (r)-[:REVIEWED]->(m)
RETURN r {.*} AS review
