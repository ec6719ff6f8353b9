// name: reviews.for_target
// mode: read
// param target_id: STRING  the reviewed entity's or relationship's id
// returns: review MAP (the ReviewRecord's properties)
// description: The review records of one target, newest first.
MATCH (x:ReviewRecord {target_id: $target_id})
RETURN x {.*} AS review
ORDER BY x.at DESC, x.id
