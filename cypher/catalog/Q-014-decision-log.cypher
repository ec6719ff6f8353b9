// name: catalog.Q-014-decision-log
// id: Q-014
// title: Decision log
// question: What has this project decided: its active decisions newest
//   first, each followed by the versions it superseded, marked disputed
//   where a conflict is open?
// mode: read
// statuses: active decisions (entry 'current') and their superseded
//   predecessors (entry 'history'); open conflicts on a decision's slot
// param project: STRING  project id or alias
// param limit: INTEGER = 100  at most this many decisions, each with its history (a page)
// param after: STRING = null  start after the decision with this key (the previous page's last; the API's next.after)
// pages: key
// columns: entry STRING, id STRING, key STRING, name STRING, type STRING, version INTEGER, status STRING, statement STRING, rationale STRING, decided_at DATETIME, valid_from DATETIME, valid_to DATETIME, disputed BOOLEAN, conflict_id STRING
// description: Active decisions newest first (by decided_at, or when they
//   became active), each followed by the superseded versions its SUPERSEDES
//   chain reaches, newest version first. A current decision is disputed when
//   an open conflict exists on its slot (project|Decision|key), usually
//   because contradicting candidate versions wait for review; conflict_id
//   names it. History rows are never disputed. Read in pages of limit
//   decisions: after names the last decision of the previous page, whose
//   place in the order (its time, then key) the next page starts from; a
//   key that names no decision gives no rows.
CALL () {
  OPTIONAL MATCH (mark:Entity {project: $project, type: 'Decision', key: $after})
  WITH mark ORDER BY CASE mark.status WHEN 'active' THEN 0 ELSE 1 END, mark.version DESC LIMIT 1
  RETURN CASE WHEN mark IS NOT NULL THEN datetime({datetime: coalesce(mark.decided_at, mark.valid_from), timezone: 'Z'}) END AS mark_at
}
MATCH (d:Decision {project: $project, status: 'active'})
WITH d, datetime({datetime: coalesce(d.decided_at, d.valid_from), timezone: 'Z'}) AS at, mark_at
WHERE $after IS NULL OR at < mark_at OR (at = mark_at AND d.key > $after)
WITH d, at ORDER BY at DESC, d.key LIMIT $limit
CALL (d) {
  RETURN d AS v, 'current' AS entry
  UNION
  MATCH (d)(()-[:SUPERSEDES]->(o:Decision))+(old)
  WHERE old.status = 'superseded'
  RETURN DISTINCT old AS v, 'history' AS entry
}
WITH d, at, v, entry,
  CASE WHEN entry = 'current'
    THEN head(COLLECT { MATCH (c:Conflict {slot: d.project + '|Decision|' + d.key, status: 'open'}) RETURN c.id AS id ORDER BY c.detected_at })
  END AS conflict_id
RETURN entry, v.id AS id, v.key AS key, v.name AS name, v.type AS type, v.version AS version, v.status AS status,
  v.statement AS statement, v.rationale AS rationale, 
  CASE WHEN v.decided_at IS NULL THEN null ELSE toString(datetime({datetime: v.decided_at, timezone: 'Z'})) END AS decided_at,
  toString(v.valid_from) AS valid_from, toString(v.valid_to) AS valid_to, conflict_id IS NOT NULL AS disputed, conflict_id
ORDER BY at DESC, d.key, CASE entry WHEN 'current' THEN 0 ELSE 1 END, version DESC
