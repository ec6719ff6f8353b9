// name: reviews.list
// mode: read
// param target_id: STRING  only reviews of this id, or null for all
// param action: STRING  only this action (promote, reject), or null for all
// param after_at: DATETIME  the cursor: the at of the previous page's last row, or null for the first page
// param after_id: STRING  the cursor: the id of the previous page's last row ('' with no cursor)
// param limit: INTEGER  rows at most
// returns: review MAP (the ReviewRecord's properties)
// description: Review records matching the filters, newest first.
MATCH (r:ReviewRecord)
WHERE ($target_id IS NULL OR r.target_id = $target_id)
  AND ($action IS NULL OR r.action = $action)
  AND ($after_at IS NULL OR r.at < $after_at OR (r.at = $after_at AND r.id > $after_id))
RETURN r {.*} AS review
ORDER BY r.at DESC, r.id
LIMIT $limit
