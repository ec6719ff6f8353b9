// name: memories.review
// mode: write
// param id: STRING  memory id
// param from_status: STRING  the status the review applies to (candidate)
// param to_status: STRING  the status it leads to (active, invalid)
// param action: STRING  promote | reject, recorded as review_action
// param reason: STRING  why, or null; recorded as review_reason
// returns: memory MAP (the Memory after the review), previous STRING (its status before)
// description: A review decision, recorded with reviewed_at. Applied only
//   when the memory is in from_status; otherwise nothing changes and the
//   caller reads previous to say why. No row when the id is unknown.
MATCH (m:Memory {id: $id})
// Writing first takes the node's lock, so the status read below is not stale
// and two reviews of one memory cannot both pass the check.
SET m.updated_at = m.updated_at
WITH m, m.status AS previous
FOREACH (_ IN CASE WHEN previous = $from_status THEN [1] ELSE [] END |
  SET m.status = $to_status, m.review_action = $action, m.review_reason = $reason,
      m.reviewed_at = datetime(), m.updated_at = datetime()
)
RETURN m {.*} AS memory, previous
